package dev.atoll.api;

import java.util.List;

/**
 * The full desired state of one node: every instance it should run. Anything the node
 * runs that is not listed here must be stopped (level-triggered, never a delta).
 *
 * @param instances every instance assigned to the node
 * @param heartbeatIntervalMs how often the agent must send a heartbeat
 */
public record NodeAssignments(List<DesiredInstance> instances, long heartbeatIntervalMs) {
}
