package dev.atoll.api;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A node as the API shows it: capacity, labels, usage and connectivity. Never carries the
 * node's token.
 *
 * @param id node id
 * @param name node name (a host name)
 * @param architecture architecture of the instances it runs
 * @param memoryMb memory it offers to instances
 * @param instanceSlots how many instances it runs at most
 * @param labels its labels
 * @param metricsUrl where its agent serves Prometheus metrics, or null
 * @param connectivity computed from the heartbeat deadline at the time of the request
 * @param instancesUsed instances placed on it, including ones being deleted
 * @param memoryUsedMb memory of those instances
 * @param registeredAt when it last registered
 * @param lastHeartbeat when its last heartbeat (or registration) arrived
 * @param adminState what the operator wants of it: Active, Drained or Maintenance
 */
public record NodeView(UUID id, String name, String architecture, int memoryMb, int instanceSlots,
		Map<String, String> labels, String metricsUrl, NodeConnectivity connectivity, int instancesUsed,
		long memoryUsedMb, Instant registeredAt, Instant lastHeartbeat, NodeAdminState adminState) {
}
