/**
 * Cross-cutting wiring: RFC 9457 problems and the one handler that renders them, JDBC
 * work off the event loop, strict JSON, and the embedded PostgreSQL default. Knows no
 * feature.
 */
package dev.atoll.controlplane.system;
