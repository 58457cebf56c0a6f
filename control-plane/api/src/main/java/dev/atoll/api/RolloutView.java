package dev.atoll.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A rollout and its progress, batch by batch and instance by instance.
 *
 * @param id rollout id
 * @param system the system whose instances move
 * @param toRevision the revision they move to
 * @param selector the label selector over the system's instances, or null for all
 * @param batchSize instances per batch
 * @param maxUnavailable most selected instances unavailable at once
 * @param healthTimeoutSeconds time each moved instance has to become Ready
 * @param state where the rollout is
 * @param message why it is there, what it waits for
 * @param currentBatch the batch being moved (from 0), or null when none is
 * @param batches every batch, in order
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
public record RolloutView(UUID id, String system, int toRevision, String selector, int batchSize, int maxUnavailable,
		int healthTimeoutSeconds, RolloutState state, String message, Integer currentBatch, List<Batch> batches,
		Instant createdAt, Instant updatedAt) {

	/**
	 * One batch.
	 *
	 * @param index its place, from 0
	 * @param state derived from its instances' states
	 * @param instances its instances, in order
	 */
	public record Batch(int index, BatchState state, List<Target> instances) {
	}

	/** A batch's state, from its instances'. */
	public enum BatchState {

		/** No instance of it has moved yet. */
		Waiting,
		/** Some of its instances are moving or waiting for their turn. */
		Updating,
		/** Every instance is healthy at the new revision (or was skipped). */
		Done,
		/** An instance failed its health gate. */
		Failed,
		/** Its moved instances were moved back. */
		RolledBack

	}

	/**
	 * One selected instance.
	 *
	 * @param instanceId the instance
	 * @param name its name
	 * @param fromRevision the revision it booted before the rollout moved it (null: the
	 * image's own configuration)
	 * @param toRevision the revision it moves to
	 * @param state where it is
	 * @param reason why (the health gate's findings, what was skipped)
	 * @param generation the instance's desired generation once moved, or null before
	 * @param deadline when it must be Ready, or null when not moving
	 */
	public record Target(UUID instanceId, String name, Integer fromRevision, int toRevision, TargetState state,
			String reason, Long generation, Instant deadline) {
	}

	/** Where one instance of a rollout is. */
	public enum TargetState {

		/** Not moved yet. */
		Waiting,
		/** Moved to the new revision; its health gate is open. */
		Updating,
		/** Reported the new generation and Ready=True in time. */
		Healthy,
		/** Did not become Ready at the new generation in time. */
		Unhealthy,
		/** Moved back to its previous revision. */
		RolledBack,
		/** Not moved: deleted, or the rollout ended before its turn. */
		Skipped

	}

}
