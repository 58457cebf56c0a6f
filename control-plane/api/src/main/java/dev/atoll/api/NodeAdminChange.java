package dev.atoll.api;

/**
 * Body of {@code PUT /api/v1/nodes/{nodeId}/admin-state}.
 *
 * @param adminState the state the operator wants the node in
 */
public record NodeAdminChange(NodeAdminState adminState) {
}
