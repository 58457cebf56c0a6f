package dev.atoll.api;

import java.time.Instant;
import java.util.List;

/**
 * One point of an instance's short history: its tasks and endpoints as one telemetry
 * record described them.
 *
 * @param at when that record was decoded on the node
 * @param tasks its tasks
 * @param endpoints its endpoints (their message counts only grow within one boot)
 */
public record TelemetrySample(Instant at, List<TaskReport> tasks, List<EndpointReport> endpoints) {
}
