/**
 * The Atoll control plane, packaged by feature: {@code nodes} (agents register and
 * authenticate), {@code instances} (desired and observed state, the agent protocol),
 * {@code scheduling} (placement onto nodes), {@code auth} (API tokens, the access policy
 * and the filter enforcing it) and {@code system} (cross-cutting wiring: problems, JDBC
 * off the event loop, embedded PostgreSQL).
 */
package dev.atoll.controlplane;
