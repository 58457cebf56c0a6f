package dev.atoll.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Body of {@code GET /api/v1/instances/{id}/endpoints}.
 *
 * @param instanceId the instance
 * @param reportedAt when the telemetry record was decoded on the node, or null if none
 * yet
 * @param endpoints the endpoints of that record
 */
public record EndpointList(UUID instanceId, Instant reportedAt, List<EndpointReport> endpoints) {
}
