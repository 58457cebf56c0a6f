package dev.atoll.controlplane.instances;

import java.util.List;

import dev.atoll.api.ConditionType;
import dev.atoll.api.InstanceCondition;

/**
 * The conditions an instance shows. Ready holds only for the desired generation: until
 * the agent reports acting on a newer one, a stored Ready=True is shown as False.
 */
final class InstanceConditions {

	/** Why Ready shows False while the node has not acted on the desired generation. */
	static final String GENERATION_PENDING = "GenerationPending";

	/**
	 * The agent's reason for SplitApplied False when the root task rejected the boot
	 * configuration; its first report records an event.
	 */
	static final String CONFIG_REJECTED = "ConfigRejected";

	private InstanceConditions() {
	}

	static List<InstanceCondition> asOf(List<InstanceCondition> stored, long generation, long observedGeneration) {
		if (observedGeneration >= generation) {
			return stored;
		}
		return stored.stream()
			.map((condition) -> (condition.type() == ConditionType.Ready && condition.status())
					? new InstanceCondition(ConditionType.Ready, false, GENERATION_PENDING,
							"generation " + generation + " desired; its node last reported generation "
									+ observedGeneration,
							condition.lastTransitionTime())
					: condition)
			.toList();
	}

}
