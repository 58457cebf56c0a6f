/**
 * Rollouts: a system revision applied to selected instances in batches, each moved
 * instance gated on reporting the new generation and Ready=True within a timeout, every
 * moved instance moved back when one fails. A state machine in PostgreSQL, stepped by a
 * reconciler on every replica that takes a rollout's row lock or leaves it to the replica
 * that holds it.
 */
package dev.atoll.controlplane.rollouts;
