package dev.atoll.agent.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import dev.atoll.agent.backend.InstanceSpec;
import dev.atoll.agent.bootconfig.BootConfig;
import dev.atoll.agent.bootconfig.DeclaredSystem;
import dev.atoll.agent.console.ConsoleSnapshot;
import dev.atoll.agent.console.InstanceConsole;
import dev.atoll.agent.telemetry.TelemetryRecord;
import dev.atoll.api.DesiredInstance;
import dev.atoll.api.InstanceCondition;
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

	/** When the current run was launched (or adopted). */
	private Instant launchedAt = Instant.MIN;

	/** Console of the current (or last) run; null before the first start. */
	private InstanceConsole console;

	/** Frozen console view of a run that ended. */
	private ConsoleSnapshot finalConsole;

	private int failedStarts;

	private Instant nextStartAt = Instant.MIN;

	/** Set when the instance crashed and was not restarted since. */
	private boolean exited;

	/** Crashes within {@link #crashGeneration}. */
	private int crashes;

	private long crashGeneration = -1;

	private Instant nextRestartAt = Instant.MAX;

	/** Set while the instance is no longer desired. */
	private boolean released;

	/** Booted, SplitApplied and Ready as last computed. */
	private List<InstanceCondition> conditions = List.of();

	/** What {@link #desired}'s boot configuration declares; null for the image's own. */
	private DeclaredSystem declared;

	/** {@link #desired}'s boot configuration rendered; null for the image's own. */
	private String bootConfig;

	/** Bumped whenever phase, message, generation or a condition changes. */
	private long revision;

	private long reportedRevision = -1;

	InstanceState(DesiredInstance desired) {
		this.id = desired.id();
		this.desired = desired;
		this.generation = desired.generation();
		configure(desired);
	}

	UUID id() {
		return this.id;
	}

	DesiredInstance desired() {
		return this.desired;
	}

	void desire(DesiredInstance desired) {
		if (!Objects.equals(desired.config(), this.desired.config())) {
			configure(desired);
		}
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
				this.desired.generation(), this.bootConfig);
	}

	/**
	 * Whether a crashed instance may start again: a new generation is desired, or the
	 * restart policy's delay has passed (never once its limit is reached).
	 */
	boolean restartDue(Instant now) {
		return this.exited && (this.desired.generation() > this.generation || !now.isBefore(this.nextRestartAt));
	}

	/** Crashes within the current generation. */
	int crashes() {
		return (this.crashGeneration == this.generation) ? this.crashes : 0;
	}

	/** The kernel's halt line, while the current run's console shows one. */
	String kernelHalted() {
		return (this.console != null && this.finalConsole == null) ? this.console.snapshot().halted() : null;
	}

	/** The halt line the last run's console showed, if any. */
	String haltedLine() {
		ConsoleSnapshot snapshot = consoleSnapshot();
		return (snapshot != null) ? snapshot.halted() : null;
	}

	boolean startDue(Instant now) {
		return !now.isBefore(this.nextStartAt);
	}

	void started(InstanceConsole console, Instant now) {
		this.launchedAt = now;
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
	void adopted(InstanceConsole console, Instant now) {
		this.launchedAt = now;
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

	/**
	 * The running instance already is what a newer desired generation asks for (the same
	 * machine and boot configuration): it now acts on that generation.
	 */
	void actOnDesiredGeneration() {
		transition(this.phase, this.message, this.desired.generation());
	}

	/**
	 * Recomputes Booted, SplitApplied and Ready; a change is news for the next report.
	 */
	void refreshConditions(Instant now) {
		List<InstanceCondition> current = Conditions.observe(this.conditions, this.phase, consoleSnapshot(),
				this.declared, this.generation, this.desired.generation(), now);
		if (!sameStatus(current, this.conditions)) {
			this.revision++;
		}
		this.conditions = current;
	}

	/**
	 * Whether the current run has been Booting for {@code timeout} without a telemetry
	 * record.
	 */
	boolean bootOverdue(Instant now, Duration timeout) {
		return this.phase == Phase.Booting && this.console != null && this.finalConsole == null
				&& this.console.snapshot().records() == 0 && !now.isBefore(this.launchedAt.plus(timeout));
	}

	/** The current run's last console line, or null. */
	String lastConsoleLine() {
		List<String> tail = (this.console != null) ? this.console.snapshot().tail() : List.of();
		return tail.isEmpty() ? null : tail.getLast();
	}

	/** Moves a booting instance to Running once a telemetry record arrived. */
	boolean promoteIfTelemetry() {
		if (this.phase == Phase.Booting && this.console != null && this.console.snapshot().records() > 0) {
			transition(Phase.Running, "", this.generation);
			return true;
		}
		return false;
	}

	/**
	 * The instance crashed: Failed, with what happened, who is to blame and what the
	 * restart policy does about it. Returns the delay before the restart, or null when
	 * the policy's limit is reached.
	 */
	Duration crashed(Crash crash, Instant now, RestartPolicy policy) {
		if (this.crashGeneration != this.generation) {
			this.crashGeneration = this.generation;
			this.crashes = 0;
		}
		this.crashes++;
		this.exited = true;
		freezeConsole();
		Duration delay = null;
		String plan;
		if (this.crashes <= policy.limit()) {
			delay = policy.delay(this.crashes);
			this.nextRestartAt = now.plus(delay);
			plan = "restart " + this.crashes + " of " + policy.limit() + " in " + delay.toMillis() / 1000.0 + "s";
		}
		else {
			this.nextRestartAt = Instant.MAX;
			plan = (policy.limit() == 0) ? "restarts are off" : "restart limit " + policy.limit() + " reached";
			plan += ": not restarting before its desired generation changes";
		}
		transition(Phase.Failed, crash.describe() + "; " + plan, this.generation);
		return delay;
	}

	/** The root task's rejection of the boot configuration, while the run shows one. */
	String configRejection() {
		return (this.console != null && this.finalConsole == null) ? Conditions.rejection(this.console.snapshot())
				: null;
	}

	/**
	 * The root task rejected the boot configuration: Failed with its reason, and not
	 * restarted, since the same configuration would be rejected again, until the desired
	 * generation changes.
	 */
	void rejected(String rejection) {
		this.exited = true;
		this.nextRestartAt = Instant.MAX;
		freezeConsole();
		transition(Phase.Failed, "failure of the system under test: the root task rejected the boot configuration ("
				+ rejection + "); not restarting before its desired generation changes", this.generation);
	}

	void stopped(String why) {
		this.exited = false;
		freezeConsole();
		transition(Phase.Stopped, why, this.generation);
	}

	/** The console of the current run, or of the last one; null before any. */
	InstanceConsole console() {
		return this.console;
	}

	/** The current run's console, the frozen one of the last run, or null. */
	ConsoleSnapshot consoleSnapshot() {
		return (this.finalConsole != null) ? this.finalConsole
				: (this.console != null) ? this.console.snapshot() : null;
	}

	InstanceReport report() {
		ConsoleSnapshot snapshot = consoleSnapshot();
		if (snapshot == null) {
			return new InstanceReport(this.phase, this.message, List.of(), List.of(), null, this.generation,
					this.conditions);
		}
		TelemetryRecord record = snapshot.lastRecord();
		return new InstanceReport(this.phase, this.message, snapshot.tail(),
				(record != null) ? record.tasks() : List.of(), snapshot.telemetryAt(), this.generation, this.conditions,
				(record != null) ? record.endpoints() : List.of());
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

	private void configure(DesiredInstance desired) {
		this.declared = (desired.config() != null) ? DeclaredSystem.of(desired.config()) : null;
		this.bootConfig = (desired.config() != null) ? BootConfig.render(desired.config()) : null;
	}

	/** Equal but for transition times. */
	private static boolean sameStatus(List<InstanceCondition> a, List<InstanceCondition> b) {
		if (a.size() != b.size()) {
			return false;
		}
		for (int i = 0; i < a.size(); i++) {
			InstanceCondition x = a.get(i);
			InstanceCondition y = b.get(i);
			if (x.type() != y.type() || x.status() != y.status() || !Objects.equals(x.reason(), y.reason())
					|| !Objects.equals(x.message(), y.message())) {
				return false;
			}
		}
		return true;
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

}
