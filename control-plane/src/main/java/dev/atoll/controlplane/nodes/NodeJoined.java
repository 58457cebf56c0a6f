package dev.atoll.controlplane.nodes;

import java.util.UUID;

/**
 * A node registered or re-registered: it may have capacity for pending instances.
 *
 * @param nodeId the node
 */
public record NodeJoined(UUID nodeId) {
}
