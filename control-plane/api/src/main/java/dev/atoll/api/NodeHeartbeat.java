package dev.atoll.api;

import java.util.List;
import java.util.UUID;

/**
 * A node's periodic heartbeat: which instances it is running right now.
 *
 * @param runningInstances ids of the instances that have a live process on the node
 */
public record NodeHeartbeat(List<UUID> runningInstances) {
}
