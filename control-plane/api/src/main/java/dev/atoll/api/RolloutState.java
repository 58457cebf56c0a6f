package dev.atoll.api;

/**
 * Where a rollout is. Pending until the reconciler takes it up; Running while it moves
 * batches; Paused by an operator (no instance starts moving, moving ones are still
 * gated); Succeeded when every selected instance is healthy at the new revision;
 * RollingBack after an instance failed its health gate, RolledBack once every instance it
 * moved is back on its previous revision; Aborted by an operator (what it moved is moved
 * back); Failed when it cannot go on (every selected instance was deleted).
 */
public enum RolloutState {

	Pending, Running, Paused, Succeeded, RollingBack, RolledBack, Aborted, Failed;

	/** True when the rollout will not change any more. */
	public boolean isTerminal() {
		return this == Succeeded || this == RolledBack || this == Aborted || this == Failed;
	}

}
