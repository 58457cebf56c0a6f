package dev.atoll.agent.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import dev.atoll.agent.backend.InstanceSpec;
import dev.atoll.agent.console.ConsoleSnapshot;
import dev.atoll.agent.console.InstanceConsole;
import dev.atoll.api.DesiredInstance;
import dev.atoll.api.InstanceReport;
import dev.atoll.api.Phase;

/**
 * What the reconciler knows of one instance: the last desired state, the observed phase
 * and why, its console, and the start retry schedule. Owned by the reconciler's lock.
 */
final class InstanceState {

	static final Duration FIRST_RETRY = Duration.ofSeconds(1);

	static final Duration MAX_RETRY = Duration.ofMinutes(1);

	private final UUID id;

	private DesiredInstance desired;

	private Phase phase = Phase.Pending;

	private String message = "";

	/** The generation the current phase belongs to. */
	private long generation;

	/** Console of the current (or last) run; null before the first start. */
	private InstanceConsole console;

	/** Frozen console view of a run that ended. */
	private ConsoleSnapshot finalConsole;

	private int failedStarts;

	private Instant nextStartAt = Instant.MIN;

	/** Set when QEMU exited unexpectedly: no restart until the generation changes. */
	private boolean exited;

	/** Set while the instance is no longer desired. */
	private boolean released;

	/** Bumped whenever phase, message or generation changes. */
	private long revision;

	private long reportedRevision = -1;

	InstanceState(DesiredInstance desired) {
		this.id = desired.id();
		this.desired = desired;
		this.generation = desired.generation();
	}

	UUID id() {
		return this.id;
	}

	DesiredInstance desired() {
		return this.desired;
	}

	void desire(DesiredInstance desired) {
		this.desired = desired;
		this.released = false;
	}

	void release() {
		this.released = true;
	}

	boolean released() {
		return this.released;
	}

	boolean exited() {
		return this.exited;
	}

	Phase phase() {
		return this.phase;
	}

	InstanceSpec desiredSpec() {
		return new InstanceSpec(this.desired.id(), this.desired.image(), this.desired.memoryMb(),
				this.desired.generation());
	}

	boolean exitedAt(long generation) {
		return this.exited && this.generation >= generation;
	}

	boolean startDue(Instant now) {
		return !now.isBefore(this.nextStartAt);
	}

	void started(InstanceConsole console) {
		this.console = console;
		this.finalConsole = null;
		this.failedStarts = 0;
		this.nextStartAt = Instant.MIN;
		this.exited = false;
		transition(Phase.Booting, "", this.desired.generation());
	}

	/**
	 * The instance runs already: a previous agent launched it and this one adopted it
	 * with a new console. Booting until that console decodes a telemetry record.
	 */
	void adopted(InstanceConsole console) {
		this.console = console;
		this.finalConsole = null;
		this.failedStarts = 0;
		this.nextStartAt = Instant.MIN;
		this.exited = false;
		transition(Phase.Booting, "adopted after an agent restart", this.desired.generation());
	}

	/** Returns the delay before the next attempt. */
	Duration startFailed(String reason, Instant now) {
		this.failedStarts++;
		Duration delay = FIRST_RETRY.multipliedBy(1L << Math.min(this.failedStarts - 1, 16));
		if (delay.compareTo(MAX_RETRY) > 0) {
			delay = MAX_RETRY;
		}
		this.nextStartAt = now.plus(delay);
		transition(Phase.Failed,
				"start failed (attempt " + this.failedStarts + ", next in " + delay.toSeconds() + "s): " + reason,
				this.desired.generation());
		return delay;
	}

	/** Moves a booting instance to Running once a telemetry record arrived. */
	boolean promoteIfTelemetry() {
		if (this.phase == Phase.Booting && this.console != null && this.console.snapshot().records() > 0) {
			transition(Phase.Running, "", this.generation);
			return true;
		}
		return false;
	}

	void exitedUnexpectedly(int exitCode) {
		this.exited = true;
		freezeConsole();
		transition(Phase.Failed,
				(exitCode < 0) ? "QEMU exited unexpectedly (adopted: its exit code is unknown)"
						: "QEMU exited unexpectedly with exit code " + exitCode + describeSignal(exitCode),
				this.generation);
	}

	void stopped(String why) {
		this.exited = false;
		freezeConsole();
		transition(Phase.Stopped, why, this.generation);
	}

	/** The current run's console, the frozen one of the last run, or null. */
	ConsoleSnapshot consoleSnapshot() {
		return (this.finalConsole != null) ? this.finalConsole
				: (this.console != null) ? this.console.snapshot() : null;
	}

	InstanceReport report() {
		ConsoleSnapshot snapshot = consoleSnapshot();
		if (snapshot == null) {
			return new InstanceReport(this.phase, this.message, List.of(), List.of(), null, this.generation);
		}
		return new InstanceReport(this.phase, this.message, snapshot.tail(),
				(snapshot.lastRecord() != null) ? snapshot.lastRecord().tasks() : List.of(), snapshot.telemetryAt(),
				this.generation);
	}

	long revision() {
		return this.revision;
	}

	boolean reportPending() {
		return this.reportedRevision != this.revision;
	}

	void reported(long revision) {
		this.reportedRevision = Math.max(this.reportedRevision, revision);
	}

	private void freezeConsole() {
		if (this.console != null && this.finalConsole == null) {
			this.console.end();
			this.finalConsole = this.console.snapshot();
		}
	}

	private void transition(Phase phase, String message, long generation) {
		if (this.phase != phase || !Objects.equals(this.message, message) || this.generation != generation) {
			this.phase = phase;
			this.message = message;
			this.generation = generation;
			this.revision++;
		}
	}

	private static String describeSignal(int exitCode) {
		return (exitCode > 128 && exitCode < 160) ? " (killed by signal " + (exitCode - 128) + ")" : "";
	}

}
