/**
 * Scheduling: places pending instances on online nodes with a free slot and enough
 * memory, least loaded first, and purges deletions stranded on offline nodes. The one
 * feature that works on the {@code nodes} and {@code instances} tables together, because
 * a placement must lock the node it fills: {@code SELECT ... FOR UPDATE SKIP LOCKED}
 * keeps replicas from placing one instance twice or filling a node past its capacity.
 */
package dev.atoll.controlplane.scheduling;
