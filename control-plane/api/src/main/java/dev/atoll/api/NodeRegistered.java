package dev.atoll.api;

import java.util.UUID;

/**
 * The control plane's answer to a registration.
 *
 * @param nodeId the node's identity from now on
 * @param nodeToken the node's secret credential; the server keeps only its hash
 * @param heartbeatIntervalMs how often the agent must send a heartbeat
 */
public record NodeRegistered(UUID nodeId, String nodeToken, long heartbeatIntervalMs) {
}
