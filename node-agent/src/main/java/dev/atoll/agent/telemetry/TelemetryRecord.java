package dev.atoll.agent.telemetry;

import java.util.ArrayList;
import java.util.List;

import dev.atoll.api.EndpointReport;
import dev.atoll.api.TaskReport;

/**
 * One decoded telemetry record (version 1), or the parts of one joined so far.
 *
 * @param seq record number since boot
 * @param uptimeMs milliseconds since the root task started
 * @param tasks the record's task lines, in order
 * @param linked the record's {@code linked} lines: which service runs linked into which
 * task
 * @param endpoints the record's {@code endpoint} lines: each service endpoint, its
 * server, clients and message count
 * @param configError the code of a {@code config state=rejected} line (the root task
 * rejected its boot configuration), or null
 * @param part the last part joined: 1 for a record that fits one frame
 * @param complete whether the record's last line arrived (its {@code total} line, or the
 * {@code config} line of a rejected configuration); a record split over several frames is
 * incomplete until its last part
 */
public record TelemetryRecord(long seq, long uptimeMs, List<TaskReport> tasks, List<Linked> linked,
		List<EndpointReport> endpoints, String configError, int part, boolean complete) {

	public TelemetryRecord {
		tasks = List.copyOf(tasks);
		linked = List.copyOf(linked);
		endpoints = List.copyOf(endpoints);
	}

	/** A whole record of task lines only. */
	public TelemetryRecord(long seq, long uptimeMs, List<TaskReport> tasks) {
		this(seq, uptimeMs, tasks, List.of(), List.of(), null, 1, true);
	}

	/** Whether {@code next} continues this record: the same seq, the next part. */
	public boolean continuedBy(TelemetryRecord next) {
		return !this.complete && next.seq == this.seq && next.part == this.part + 1;
	}

	/** This record with the lines of its next part appended. */
	public TelemetryRecord join(TelemetryRecord next) {
		List<TaskReport> allTasks = new ArrayList<>(this.tasks);
		allTasks.addAll(next.tasks);
		List<Linked> allLinked = new ArrayList<>(this.linked);
		allLinked.addAll(next.linked);
		List<EndpointReport> allEndpoints = new ArrayList<>(this.endpoints);
		allEndpoints.addAll(next.endpoints);
		return new TelemetryRecord(this.seq, this.uptimeMs, allTasks, allLinked, allEndpoints,
				(this.configError != null) ? this.configError : next.configError, next.part, next.complete);
	}

	/**
	 * A {@code linked} line: service {@code name} runs as a library inside task
	 * {@code user}.
	 *
	 * @param name the service
	 * @param user the task it is linked into
	 */
	public record Linked(String name, String user) {
	}

}
