package dev.atoll.controlplane.rollouts;

import java.util.EnumSet;
import java.util.Set;

import dev.atoll.api.RolloutState;

/** An operator's action on a rollout, and the states it may be taken from. */
enum Control {

	/** Move no further instance; the moving ones stay gated. */
	Pause(EnumSet.of(RolloutState.Pending, RolloutState.Running)),
	/** Go on after a pause. */
	Resume(EnumSet.of(RolloutState.Paused)),
	/** Stop for good; every instance moved is moved back. */
	Abort(EnumSet.of(RolloutState.Pending, RolloutState.Running, RolloutState.Paused));

	private final Set<RolloutState> from;

	Control(Set<RolloutState> from) {
		this.from = from;
	}

	Set<RolloutState> from() {
		return this.from;
	}

}
