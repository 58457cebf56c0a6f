package dev.atoll.controlplane.rollouts;

import java.util.UUID;

import dev.atoll.api.RolloutView.TargetState;

/**
 * One target of a rollout as a step sees it: its row, and its instance as last reported.
 *
 * @param instanceId the instance
 * @param name its name
 * @param batch its batch, from 0
 * @param fromRevision the revision it left (or boots while waiting), null for the image's
 * own configuration
 * @param state the target's state
 * @param reason the target's reason so far
 * @param generation the instance's generation once moved, or null
 * @param present the instance exists and is not being deleted
 * @param available the instance reports its current desired generation and Ready=True
 * @param healthy the instance reports at least {@code generation} and Ready=True
 * @param expired the health gate's deadline has passed (database clock)
 * @param health what the gate sees, for reasons: observed generation and Ready condition
 */
record Observed(UUID instanceId, String name, int batch, Integer fromRevision, TargetState state, String reason,
		Long generation, boolean present, boolean available, boolean healthy, boolean expired, String health) {

	/** Moved by the rollout and not moved back: a rollback must move it back. */
	boolean touched() {
		return this.state == TargetState.Updating || this.state == TargetState.Healthy
				|| this.state == TargetState.Unhealthy;
	}

	/** Still to be done: waiting for its turn or moving. */
	boolean remaining() {
		return this.state == TargetState.Waiting || this.state == TargetState.Updating;
	}

	Observed with(TargetState newState) {
		return new Observed(this.instanceId, this.name, this.batch, this.fromRevision, newState, this.reason,
				this.generation, this.present, this.available, this.healthy, this.expired, this.health);
	}

}
