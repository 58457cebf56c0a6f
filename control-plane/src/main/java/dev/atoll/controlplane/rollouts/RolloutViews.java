package dev.atoll.controlplane.rollouts;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import dev.atoll.api.RolloutView;
import dev.atoll.api.RolloutView.BatchState;
import dev.atoll.api.RolloutView.TargetState;

/** A rollout as the API shows it: its row, its targets grouped into batches. */
final class RolloutViews {

	private RolloutViews() {
	}

	/**
	 * A target as stored, with its batch.
	 *
	 * @param batch its batch, from 0
	 * @param target the target
	 */
	record StoredTarget(int batch, RolloutView.Target target) {
	}

	/** The view of a rollout whose targets come in batch order. */
	static RolloutView of(RolloutRepository.Row row, List<StoredTarget> targets) {
		List<RolloutView.Batch> batches = new ArrayList<>();
		List<RolloutView.Target> current = new ArrayList<>();
		for (int i = 0; i < targets.size(); i++) {
			current.add(targets.get(i).target());
			if (i + 1 == targets.size() || targets.get(i + 1).batch() != targets.get(i).batch()) {
				batches.add(new RolloutView.Batch(targets.get(i).batch(), state(current), List.copyOf(current)));
				current.clear();
			}
		}
		Integer currentBatch = row.state().isTerminal() ? null : batches.stream()
			.filter((batch) -> batch.instances()
				.stream()
				.anyMatch((target) -> target.state() == TargetState.Waiting || target.state() == TargetState.Updating))
			.map(RolloutView.Batch::index)
			.findFirst()
			.orElse(null);
		return new RolloutView(row.id(), row.system(), row.toRevision(), row.selector(), row.batchSize(),
				row.maxUnavailable(), row.healthTimeoutSeconds(), row.state(), row.message(), currentBatch, batches,
				row.createdAt(), row.updatedAt());
	}

	private static BatchState state(List<RolloutView.Target> targets) {
		if (any(targets, (state) -> state == TargetState.Unhealthy)) {
			return BatchState.Failed;
		}
		if (any(targets, (state) -> state == TargetState.RolledBack)) {
			return BatchState.RolledBack;
		}
		if (targets.stream()
			.allMatch((target) -> target.state() == TargetState.Healthy || target.state() == TargetState.Skipped)) {
			return BatchState.Done;
		}
		if (targets.stream()
			.allMatch((target) -> target.state() == TargetState.Waiting || target.state() == TargetState.Skipped)) {
			return BatchState.Waiting;
		}
		return BatchState.Updating;
	}

	private static boolean any(List<RolloutView.Target> targets, Predicate<TargetState> test) {
		return targets.stream().map(RolloutView.Target::state).anyMatch(test);
	}

}
