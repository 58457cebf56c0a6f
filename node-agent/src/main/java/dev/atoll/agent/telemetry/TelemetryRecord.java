package dev.atoll.agent.telemetry;

import java.util.List;

import dev.atoll.api.TaskReport;

/**
 * One decoded telemetry record (version 1).
 *
 * @param seq record number since boot
 * @param uptimeMs milliseconds since the root task started
 * @param tasks the record's task lines, in order
 */
public record TelemetryRecord(long seq, long uptimeMs, List<TaskReport> tasks) {

	public TelemetryRecord {
		tasks = List.copyOf(tasks);
	}

}
