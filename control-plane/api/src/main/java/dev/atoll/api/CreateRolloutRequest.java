package dev.atoll.api;

/**
 * Body of {@code POST /api/v1/rollouts}: move the selected instances of a system to one
 * of its revisions, batch after batch, each instance gated on its health.
 *
 * @param system the system whose instances move
 * @param toRevision the revision they move to; it must exist
 * @param selector a label selector over the instances of {@code system} (as
 * {@code labelSelector} on lists); null selects every one. It must select at least one.
 * @param batchSize instances per batch, 1 to 1000; null for 1. A batch starts when every
 * instance of the one before is healthy.
 * @param maxUnavailable at most this many selected instances may be unavailable (moving,
 * or not Ready at their desired generation) while the rollout moves another one, 1 to
 * 1000; null for 1
 * @param healthTimeoutSeconds each moved instance must report the new generation and
 * Ready=True within this many seconds, or the rollout rolls back; 1 to 86400, null for
 * 300
 */
public record CreateRolloutRequest(String system, Integer toRevision, String selector, Integer batchSize,
		Integer maxUnavailable, Integer healthTimeoutSeconds) {
}
