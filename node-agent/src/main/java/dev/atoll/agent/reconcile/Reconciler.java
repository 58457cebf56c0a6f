package dev.atoll.agent.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.atoll.agent.backend.Backend;
import dev.atoll.agent.backend.BackendInstance;
import dev.atoll.agent.backend.ConsoleSink;
import dev.atoll.agent.backend.InstanceSpec;
import dev.atoll.agent.backend.StartResult;
import dev.atoll.agent.console.ConsoleChannels;
import dev.atoll.agent.console.ConsoleLogs;
import dev.atoll.agent.console.ExecReplies;
import dev.atoll.agent.console.InstanceConsole;
import dev.atoll.api.DesiredInstance;
import dev.atoll.api.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Level-triggered reconciliation of the instances on this node: every pass compares the
 * full desired state with what the backend observes and applies only the difference —
 * start what is missing, stop what is not desired, leave the rest. Each step is
 * idempotent, so a pass can be repeated any time; outcomes are kept as status, start
 * failures are retried with exponential backoff.
 * <p>
 * An instance that crashes (its QEMU exits, or its kernel halts) is Failed, classified,
 * and restarted by its {@link RestartPolicy} with backoff up to a limit; then it stays
 * Failed until its desired generation changes. One thread drives the passes; console
 * threads only wake it up.
 */
public class Reconciler {

	private static final Logger logger = LoggerFactory.getLogger(Reconciler.class);

	private final Backend backend;

	private final Clock clock;

	private final RestartPolicy restartPolicy;

	/**
	 * How long a launched instance may stay silent: no telemetry record by then is a boot
	 * that hangs, a crash.
	 */
	public static final Duration DEFAULT_BOOT_TIMEOUT = Duration.ofSeconds(60);

	private final Duration bootTimeout;

	/** Where consoles log their lines by source; null: nowhere. */
	private final ConsoleLogs consoleLogs;

	/** Guards {@link #instances}; held for a whole pass. */
	private final ReentrantLock lock = new ReentrantLock();

	/**
	 * Guards {@link #wakeUp} only, so that console threads never wait for a pass (which
	 * may be stopping their own QEMU) to wake the session up.
	 */
	private final ReentrantLock signal = new ReentrantLock();

	private final Condition changed = this.signal.newCondition();

	private final Map<UUID, InstanceState> instances = new LinkedHashMap<>();

	/**
	 * Consoles of the instances adopted from a previous agent, until the first pass that
	 * desires them (or stops them). Guarded by {@link #lock}.
	 */
	private final Map<UUID, InstanceConsole> adopted = new LinkedHashMap<>();

	/** Guarded by {@link #signal}. */
	private boolean wakeUp;

	/**
	 * Adopts whatever the backend finds left running by a previous agent; the first pass
	 * then keeps what is still desired (same machine) and stops the rest.
	 */
	public Reconciler(Backend backend, Clock clock, RestartPolicy restartPolicy, ConsoleLogs consoleLogs,
			Duration bootTimeout) {
		this.backend = backend;
		this.clock = clock;
		this.restartPolicy = restartPolicy;
		this.consoleLogs = consoleLogs;
		this.bootTimeout = bootTimeout;
		this.lock.lock();
		try {
			for (BackendInstance instance : backend.recover((spec) -> {
				InstanceConsole console = newConsole(spec.id(), spec.id().toString());
				this.adopted.put(spec.id(), console);
				return sink(console);
			})) {
				logger.info("instance {} adopted (pid {}, image {}, generation {})", instance.spec().id(),
						instance.pid(), instance.spec().image(), instance.spec().generation());
			}
			this.adopted.keySet().retainAll(backend.list().stream().map((b) -> b.spec().id()).toList());
		}
		finally {
			this.lock.unlock();
		}
	}

	/** A reconciler with the {@link #DEFAULT_BOOT_TIMEOUT default boot timeout}. */
	public Reconciler(Backend backend, Clock clock, RestartPolicy restartPolicy, ConsoleLogs consoleLogs) {
		this(backend, clock, restartPolicy, consoleLogs, DEFAULT_BOOT_TIMEOUT);
	}

	/** A reconciler whose consoles keep no logs by source. */
	public Reconciler(Backend backend, Clock clock, RestartPolicy restartPolicy) {
		this(backend, clock, restartPolicy, null);
	}

	/** A reconciler with the {@link RestartPolicy#DEFAULT default restart policy}. */
	public Reconciler(Backend backend, Clock clock) {
		this(backend, clock, RestartPolicy.DEFAULT);
	}

	/**
	 * One reconcile pass against the full desired state of the node. Blocking: it may
	 * start and stop processes.
	 */
	public void reconcile(List<DesiredInstance> desired) {
		this.lock.lock();
		try {
			Map<UUID, DesiredInstance> wanted = new LinkedHashMap<>();
			for (DesiredInstance instance : desired) {
				wanted.put(instance.id(), instance);
			}
			for (DesiredInstance instance : wanted.values()) {
				InstanceState state = this.instances.computeIfAbsent(instance.id(),
						(id) -> new InstanceState(instance));
				state.desire(instance);
				InstanceConsole adoptedConsole = this.adopted.remove(instance.id());
				if (adoptedConsole != null) {
					state.adopted(adoptedConsole, this.clock.instant());
					logger.info("instance {} ({}) adopted from a previous agent", instance.id(), instance.name());
				}
				converge(state);
				state.refreshConditions(this.clock.instant());
			}
			for (BackendInstance observed : this.backend.list()) {
				UUID id = observed.spec().id();
				if (!wanted.containsKey(id)) {
					stop(id, "stopped: no longer assigned to this node");
				}
			}
			for (InstanceState state : this.instances.values()) {
				if (!wanted.containsKey(state.id())) {
					state.release();
					if (state.phase() != Phase.Stopped) {
						state.stopped("stopped: no longer assigned to this node");
					}
				}
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The report of every instance the agent tracks, marked if it changed. */
	public List<StatusUpdate> statuses() {
		this.lock.lock();
		try {
			List<StatusUpdate> updates = new ArrayList<>();
			for (InstanceState state : this.instances.values()) {
				state.refreshConditions(this.clock.instant());
				updates.add(new StatusUpdate(state.id(), state.report(), state.revision(), state.reportPending()));
			}
			return updates;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The control plane has taken (or refused for good) the report of that revision. A
	 * stopped instance that is no longer desired is forgotten once its final report went
	 * out.
	 */
	public void reported(UUID instanceId, long revision) {
		this.lock.lock();
		try {
			InstanceState state = this.instances.get(instanceId);
			if (state != null) {
				state.reported(revision);
				if (state.released() && state.phase() == Phase.Stopped && !state.reportPending()) {
					this.instances.remove(instanceId);
				}
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Every tracked instance with its phase, process and console, for metrics. */
	public List<InstanceObservation> observations() {
		Map<UUID, Long> pids = new LinkedHashMap<>();
		for (BackendInstance instance : this.backend.list()) {
			if (instance.running() && instance.pid() > 0) {
				pids.put(instance.spec().id(), instance.pid());
			}
		}
		this.lock.lock();
		try {
			List<InstanceObservation> observations = new ArrayList<>();
			for (InstanceState state : this.instances.values()) {
				Long pid = pids.get(state.id());
				observations.add(new InstanceObservation(state.id(), state.desired().name(), state.phase(),
						(pid != null) ? OptionalLong.of(pid) : OptionalLong.empty(), state.consoleSnapshot(),
						state.crashes()));
			}
			return observations;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The per-source logs and followers of the instance's current (or last) console;
	 * empty for an instance the agent does not track, or whose consoles keep none.
	 */
	public Optional<ConsoleChannels> consoleChannels(UUID instanceId) {
		this.lock.lock();
		try {
			InstanceState state = this.instances.get(instanceId);
			InstanceConsole console = (state != null) ? state.console() : this.adopted.get(instanceId);
			return Optional.ofNullable(console).map(InstanceConsole::channels);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The exec replies of the instance's current (or last) console; empty when untracked.
	 */
	public Optional<ExecReplies> execReplies(UUID instanceId) {
		this.lock.lock();
		try {
			InstanceState state = this.instances.get(instanceId);
			InstanceConsole console = (state != null) ? state.console() : this.adopted.get(instanceId);
			return Optional.ofNullable(console).map(InstanceConsole::execReplies);
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Ids of the instances that have a live process on this node. */
	public List<UUID> running() {
		return this.backend.list().stream().filter(BackendInstance::running).map((b) -> b.spec().id()).toList();
	}

	/** Waits until something observed changed, or at most {@code timeout}. */
	public void awaitChange(Duration timeout) throws InterruptedException {
		this.signal.lock();
		try {
			long nanos = timeout.toNanos();
			while (!this.wakeUp && nanos > 0) {
				nanos = this.changed.awaitNanos(nanos);
			}
			this.wakeUp = false;
		}
		finally {
			this.signal.unlock();
		}
	}

	/** Wakes up whoever waits in {@link #awaitChange}. Any thread. */
	public void wakeUp() {
		this.signal.lock();
		try {
			this.wakeUp = true;
			this.changed.signalAll();
		}
		finally {
			this.signal.unlock();
		}
	}

	private void converge(InstanceState state) {
		DesiredInstance desired = state.desired();
		Optional<BackendInstance> observed = this.backend.inspect(state.id());
		if (observed.isPresent()) {
			BackendInstance instance = observed.get();
			if (!instance.spec().sameMachine(state.desiredSpec())) {
				logger.info("instance {} ({}) changed its spec to {}: replacing it", state.id(), desired.name(),
						state.desiredSpec());
				stop(state.id(), "stopped: replaced by generation " + desired.generation());
			}
			else if (instance.running()) {
				String halted = state.kernelHalted();
				String rejection = state.configRejection();
				if (rejection != null) {
					// The root task idles after a rejection: nothing to run, nothing to
					// retry.
					this.backend.stop(state.id());
					state.rejected(rejection);
					logger.warn("instance {} ({}) Failed: the root task rejected its boot configuration: {}",
							state.id(), desired.name(), rejection);
					return;
				}
				if (halted == null && state.bootOverdue(this.clock.instant(), this.bootTimeout)) {
					// Launched, but nothing inside ever spoke: a hang is a crash, not a
					// wait.
					this.backend.stop(state.id());
					crashed(state, Crash.silentBoot(this.bootTimeout, state.lastConsoleLine()));
					if (!state.restartDue(this.clock.instant())) {
						return;
					}
				}
				else if (halted == null) {
					state.actOnDesiredGeneration();
					if (state.promoteIfTelemetry()) {
						logger.info("instance {} ({}) Running: first telemetry record decoded", state.id(),
								desired.name());
					}
					return;
				}
				else {
					// QEMU runs on, but its kernel stopped for good: take it down.
					this.backend.stop(state.id());
					crashed(state, Crash.kernelHalted(halted));
					if (!state.restartDue(this.clock.instant())) {
						return;
					}
				}
			}
			else {
				if (!state.exited()) {
					crashed(state, Crash.qemuExited(instance.exitCode().getAsInt(), state.haltedLine()));
				}
				if (!state.restartDue(this.clock.instant())) {
					return;
				}
				// Restart due (or a new generation): clean the dead run up and start
				// again.
				this.backend.stop(state.id());
			}
		}
		else if (state.exited() && !state.restartDue(this.clock.instant())) {
			return;
		}
		if (!state.startDue(this.clock.instant())) {
			return;
		}
		start(state);
	}

	private void crashed(InstanceState state, Crash crash) {
		Duration restart = state.crashed(crash, this.clock.instant(), this.restartPolicy);
		if (restart != null) {
			logger.warn("instance {} ({}) Failed, {}; restart {} of {} in {} ms", state.id(), state.desired().name(),
					crash.describe(), state.crashes(), this.restartPolicy.limit(), restart.toMillis());
		}
		else {
			logger.warn(
					"instance {} ({}) Failed, {}; not restarting before its desired generation changes "
							+ "(restart limit {})",
					state.id(), state.desired().name(), crash.describe(), this.restartPolicy.limit());
		}
	}

	private void start(InstanceState state) {
		DesiredInstance desired = state.desired();
		InstanceSpec spec = state.desiredSpec();
		logger.info("starting instance {} ({}): image {}, {} MB, generation {}", state.id(), desired.name(),
				spec.image(), spec.memoryMb(), desired.generation());
		InstanceConsole console = newConsole(desired.id(), desired.name());
		StartResult result = this.backend.start(spec, sink(console));
		switch (result) {
			case StartResult.Started started -> {
				state.started(console, this.clock.instant());
				logger.info("instance {} ({}) Booting (pid {})", state.id(), desired.name(), started.instance().pid());
			}
			case StartResult.Invalid invalid -> startFailed(state, "invalid: " + invalid.reason());
			case StartResult.Failed failed -> startFailed(state, failed.reason());
		}
	}

	private InstanceConsole newConsole(UUID id, String name) {
		return new InstanceConsole(name, this.clock, this::wakeUp,
				(this.consoleLogs != null) ? this.consoleLogs.open(id) : null);
	}

	private ConsoleSink sink(InstanceConsole console) {
		return new ConsoleSink() {

			@Override
			public void bytes(byte[] data, int from, int length) {
				console.feed(data, from, length);
			}

			@Override
			public void closed() {
				console.end();
				wakeUp();
			}

		};
	}

	private void startFailed(InstanceState state, String reason) {
		Duration retry = state.startFailed(reason, this.clock.instant());
		logger.warn("instance {} ({}) could not start, retrying in {}s: {}", state.id(), state.desired().name(),
				retry.toSeconds(), reason);
	}

	private void stop(UUID id, String why) {
		InstanceState state = this.instances.get(id);
		String name = (state != null) ? state.desired().name() : "unknown";
		logger.info("stopping instance {} ({})", id, name);
		this.backend.stop(id);
		this.adopted.remove(id);
		if (state != null) {
			state.stopped(why);
		}
		logger.info("instance {} ({}) Stopped", id, name);
	}

}
