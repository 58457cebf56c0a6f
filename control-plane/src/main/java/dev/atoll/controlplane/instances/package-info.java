/**
 * Instances: the desired state users create and delete, the observed state agents report,
 * and the agent protocol that joins the two (heartbeat with assignments, status reports).
 * Public API: {@link dev.atoll.controlplane.instances.InstanceCreated} and the placement
 * messages in {@link dev.atoll.controlplane.instances.PlacementMessages}.
 */
package dev.atoll.controlplane.instances;
