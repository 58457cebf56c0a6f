package dev.atoll.api;

import java.util.List;
import java.util.UUID;

/**
 * Body of {@code GET /api/v1/instances/{id}/history}: the instance's short history for
 * charts, at most one sample per sampling interval, the newest few kept.
 *
 * @param instanceId the instance
 * @param intervalSeconds the least time between two samples
 * @param samples the samples kept, oldest first
 */
public record InstanceHistory(UUID instanceId, long intervalSeconds, List<TelemetrySample> samples) {
}
