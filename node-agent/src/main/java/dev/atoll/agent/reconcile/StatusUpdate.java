package dev.atoll.agent.reconcile;

import java.util.UUID;

import dev.atoll.api.InstanceReport;

/**
 * One instance's report, ready to send.
 *
 * @param instanceId the instance
 * @param report what the agent observes
 * @param revision hand back to {@link Reconciler#reported} once delivered
 * @param changed true when phase, message, generation or a condition changed since the
 * last delivery
 */
public record StatusUpdate(UUID instanceId, InstanceReport report, long revision, boolean changed) {
}
