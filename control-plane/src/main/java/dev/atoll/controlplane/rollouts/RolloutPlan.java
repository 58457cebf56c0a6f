package dev.atoll.controlplane.rollouts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.atoll.api.RolloutState;
import dev.atoll.api.RolloutView.TargetState;

/**
 * The next step of a rollout, decided from its stored state and what its instances last
 * reported; nothing here touches the database. A step either gates the moving instances
 * (Healthy in time, Unhealthy after the deadline: the rollout turns RollingBack) and
 * moves more instances of the current batch as far as {@code maxUnavailable} allows, or,
 * rolling back, moves every touched instance back.
 *
 * @param state the rollout's state after the step
 * @param message why, for people
 * @param changes target states to store (instances not moved by this step)
 * @param starts instances to move to the new revision, in order
 * @param rollbacks instances to move back to their previous revision
 */
record RolloutPlan(RolloutState state, String message, List<Change> changes, List<Observed> starts,
		List<Observed> rollbacks) {

	/**
	 * A target's new state.
	 *
	 * @param instanceId the instance
	 * @param state its new state
	 * @param reason its new reason
	 * @param healthGateFailed record a HealthGateFailed event on the instance
	 */
	record Change(UUID instanceId, TargetState state, String reason, boolean healthGateFailed) {
	}

	/**
	 * The rollout's settings a step needs.
	 *
	 * @param state its state now
	 * @param toRevision the revision it moves to
	 * @param maxUnavailable most selected instances unavailable at once
	 * @param healthTimeoutSeconds time a moved instance has to become Ready
	 */
	record Settings(RolloutState state, int toRevision, int maxUnavailable, int healthTimeoutSeconds) {
	}

	/** The next step; a terminal rollout has none (its plan changes nothing). */
	static RolloutPlan next(Settings rollout, List<Observed> targets) {
		return switch (rollout.state()) {
			case RollingBack -> rollBack(targets, RolloutState.RolledBack, "rolled back");
			case Pending, Running, Paused -> advance(rollout, targets);
			default -> new RolloutPlan(rollout.state(), "", List.of(), List.of(), List.of());
		};
	}

	/**
	 * Moves every touched instance back; what has not moved yet is skipped.
	 * @param end the state once done (RolledBack, Aborted)
	 * @param cause how the message starts
	 */
	static RolloutPlan rollBack(List<Observed> targets, RolloutState end, String cause) {
		List<Change> changes = new ArrayList<>();
		List<Observed> rollbacks = new ArrayList<>();
		for (Observed target : targets) {
			if (target.touched() && target.present()) {
				rollbacks.add(target);
			}
			else if (target.touched()) {
				changes.add(new Change(target.instanceId(), TargetState.Skipped,
						append(target.reason(), "deleted before it could be moved back"), false));
			}
			else if (target.state() == TargetState.Waiting) {
				changes.add(new Change(target.instanceId(), TargetState.Skipped,
						"not moved: the rollout " + (end == RolloutState.Aborted ? "was aborted" : "rolled back"),
						false));
			}
		}
		return new RolloutPlan(end, cause + ": " + rollbacks.size() + " instance" + (rollbacks.size() == 1 ? "" : "s")
				+ " moved back to their previous revision", changes, List.of(), rollbacks);
	}

	private static RolloutPlan advance(Settings rollout, List<Observed> targets) {
		RolloutState state = (rollout.state() == RolloutState.Pending) ? RolloutState.Running : rollout.state();
		List<Change> changes = new ArrayList<>();
		Observed failed = null;
		for (Observed target : targets) {
			if (target.state() == TargetState.Updating) {
				if (!target.present()) {
					changes.add(new Change(target.instanceId(), TargetState.Skipped, "deleted while moving", false));
				}
				else if (target.healthy()) {
					changes.add(new Change(target.instanceId(), TargetState.Healthy,
							"Ready at generation " + target.generation(), false));
				}
				else if (target.expired()) {
					changes.add(new Change(target.instanceId(), TargetState.Unhealthy,
							"health gate failed: not Ready at generation " + target.generation() + " within "
									+ rollout.healthTimeoutSeconds() + " s (" + target.health() + ")",
							true));
					if (failed == null) {
						failed = target;
					}
				}
			}
			else if (target.state() == TargetState.Waiting && !target.present()) {
				changes.add(new Change(target.instanceId(), TargetState.Skipped, "deleted before its turn", false));
			}
		}
		if (failed != null) {
			return new RolloutPlan(RolloutState.RollingBack,
					"instance " + failed.name() + " failed its health gate (" + failed.health() + "); rolling back",
					changes, List.of(), List.of());
		}
		Map<UUID, TargetState> changed = changes.stream().collect(Collectors.toMap(Change::instanceId, Change::state));
		List<Observed> now = targets.stream()
			.map((target) -> target.with(changed.getOrDefault(target.instanceId(), target.state())))
			.toList();
		List<Observed> remaining = now.stream().filter(Observed::remaining).toList();
		if (remaining.isEmpty()) {
			long healthy = count(now, TargetState.Healthy);
			if (now.stream().noneMatch(Observed::present)) {
				return new RolloutPlan(RolloutState.Failed, "every selected instance was deleted", changes, List.of(),
						List.of());
			}
			return new RolloutPlan(RolloutState.Succeeded, healthy + " instance" + (healthy == 1 ? "" : "s")
					+ " moved to revision " + rollout.toRevision() + " and Ready", changes, List.of(), List.of());
		}
		int batch = remaining.getFirst().batch();
		int batches = now.getLast().batch() + 1;
		if (state == RolloutState.Paused) {
			return new RolloutPlan(state, "paused in batch " + (batch + 1) + " of " + batches + ": " + tally(now),
					changes, List.of(), List.of());
		}
		long unavailable = now.stream()
			.filter((target) -> target.present() && target.state() != TargetState.Skipped
					&& (target.state() == TargetState.Updating || !target.available()))
			.count();
		List<Observed> starts = new ArrayList<>();
		for (Observed target : remaining) {
			if (target.batch() != batch || target.state() != TargetState.Waiting) {
				continue;
			}
			int cost = target.available() ? 1 : 0;
			if (unavailable + cost > rollout.maxUnavailable()) {
				break;
			}
			starts.add(target);
			unavailable += cost;
		}
		Function<Observed, Observed> moving = (target) -> starts.contains(target) ? target.with(TargetState.Updating)
				: target;
		String message = "batch " + (batch + 1) + " of " + batches + ": " + tally(now.stream().map(moving).toList());
		if (starts.isEmpty() && remaining.stream().noneMatch((target) -> target.state() == TargetState.Updating)) {
			message += "; waiting: " + unavailable + " selected instance" + (unavailable == 1 ? " is" : "s are")
					+ " unavailable, maxUnavailable " + rollout.maxUnavailable();
		}
		return new RolloutPlan(state, message, changes, starts, List.of());
	}

	private static String tally(List<Observed> targets) {
		return count(targets, TargetState.Updating) + " moving, " + count(targets, TargetState.Healthy) + " healthy, "
				+ count(targets, TargetState.Waiting) + " waiting";
	}

	private static long count(List<Observed> targets, TargetState state) {
		return targets.stream().filter((target) -> target.state() == state).count();
	}

	static String append(String reason, String more) {
		return reason.isEmpty() ? more : reason + "; " + more;
	}

}
