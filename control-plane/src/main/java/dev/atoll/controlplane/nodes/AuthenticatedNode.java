package dev.atoll.controlplane.nodes;

import java.util.UUID;

/**
 * A node that proved its identity with its token on this request.
 *
 * @param id the node's id
 */
public record AuthenticatedNode(UUID id) {
}
