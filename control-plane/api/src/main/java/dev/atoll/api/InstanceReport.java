package dev.atoll.api;

import java.time.Instant;
import java.util.List;

/**
 * What an agent observed of one instance.
 *
 * @param phase observed phase
 * @param message why the instance is in that phase (empty when there is nothing to say)
 * @param consoleTail the last console lines, oldest first, at most a few dozen
 * @param tasks tasks of the last telemetry record, or empty before the first one
 * @param telemetryAt when the last telemetry record was decoded, or null
 * @param generation the desired generation the agent is acting on
 * @param conditions the conditions the agent computes: {@link ConditionType#Booted},
 * {@link ConditionType#SplitApplied} and {@link ConditionType#Ready} (a
 * {@link ConditionType#Scheduled} sent by an agent is ignored)
 * @param endpoints endpoints of the last telemetry record, or empty (null from an agent
 * that does not send them)
 */
public record InstanceReport(Phase phase, String message, List<String> consoleTail, List<TaskReport> tasks,
		Instant telemetryAt, long generation, List<InstanceCondition> conditions, List<EndpointReport> endpoints) {

	/** A report without endpoints. */
	public InstanceReport(Phase phase, String message, List<String> consoleTail, List<TaskReport> tasks,
			Instant telemetryAt, long generation, List<InstanceCondition> conditions) {
		this(phase, message, consoleTail, tasks, telemetryAt, generation, conditions, List.of());
	}

	/** A report without conditions. */
	public InstanceReport(Phase phase, String message, List<String> consoleTail, List<TaskReport> tasks,
			Instant telemetryAt, long generation) {
		this(phase, message, consoleTail, tasks, telemetryAt, generation, List.of());
	}

}
