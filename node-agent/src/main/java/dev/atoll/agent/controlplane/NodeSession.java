package dev.atoll.agent.controlplane;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.atoll.agent.backend.Backend;
import dev.atoll.agent.exec.ConsoleExec;
import dev.atoll.agent.exec.ExecOutcome;
import dev.atoll.agent.controlplane.ControlPlaneClient.NodeCredentials;
import dev.atoll.agent.reconcile.Reconciler;
import dev.atoll.agent.reconcile.StatusUpdate;
import dev.atoll.agent.system.AgentProperties;
import dev.atoll.api.DesiredInstance;
import dev.atoll.api.ExecReport;
import dev.atoll.api.NodeAssignments;
import dev.atoll.api.NodeHeartbeat;
import dev.atoll.api.NodeRegistered;
import dev.atoll.api.NodeRegistration;
import dev.atoll.api.PendingExec;
import dev.atoll.api.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The agent's session with the control plane, on its own thread: register, heartbeat at
 * the interval the server asks for, reconcile against the full desired state each answer
 * carries, and report instance status whenever it changes and with every heartbeat. A 404
 * means the node is unknown: register again. When the control plane is unreachable the
 * instances keep running on the last known desired state and the session retries with
 * exponential backoff.
 */
@Component
class NodeSession implements SmartLifecycle {

	static final Duration FIRST_RETRY = Duration.ofMillis(500);

	static final Duration MAX_RETRY = Duration.ofSeconds(30);

	/** Reconcile at least this often, so that exits and backoffs are noticed promptly. */
	static final Duration MAX_IDLE = Duration.ofSeconds(1);

	/** The architecture of the instances every backend runs. */
	static final String ARCHITECTURE = "aarch64";

	private static final Logger logger = LoggerFactory.getLogger(NodeSession.class);

	private final ControlPlaneClient controlPlane;

	private final Reconciler reconciler;

	private final Backend backend;

	private final AgentProperties properties;

	private final Environment environment;

	private final Clock clock;

	private final ConsoleExec exec;

	private volatile Thread thread;

	private volatile boolean running;

	private volatile NodeCredentials node;

	private Duration heartbeatInterval = Duration.ofSeconds(5);

	/** The last desired state the control plane gave; null until the first heartbeat. */
	private List<DesiredInstance> desired;

	private Instant nextHeartbeat = Instant.MIN;

	private Duration retry = FIRST_RETRY;

	private boolean reachable = true;

	/** Set by the nudge stream: heartbeat at once. */
	private volatile boolean nudged;

	private volatile NudgeListener nudges;

	NodeSession(ControlPlaneClient controlPlane, Reconciler reconciler, Backend backend, AgentProperties properties,
			Environment environment, Clock clock, ConsoleExec exec) {
		this.exec = exec;
		this.controlPlane = controlPlane;
		this.reconciler = reconciler;
		this.backend = backend;
		this.properties = properties;
		this.environment = environment;
		this.clock = clock;
	}

	@Override
	public void start() {
		this.running = true;
		this.thread = Thread.ofPlatform().name("atoll-node-session").start(this::run);
		this.nudges = new NudgeListener(this.properties.controlPlaneUrl(), () -> Optional.ofNullable(this.node),
				this::nudge);
		this.nudges.start();
	}

	@Override
	public void stop() {
		this.running = false;
		NudgeListener listener = this.nudges;
		if (listener != null) {
			listener.stop();
		}
		Thread session = this.thread;
		if (session != null) {
			session.interrupt();
			try {
				session.join(Duration.ofSeconds(30));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void run() {
		logger.info("node agent {} talking to the control plane at {}", this.properties.nodeName(),
				this.properties.controlPlaneUrl());
		while (this.running) {
			try {
				step();
				this.reconciler.awaitChange(idleTime());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				// A bug must not end the session: the instances still need their agent.
				logger.error("session step failed; retrying in {}", this.retry, ex);
				this.nextHeartbeat = this.clock.instant().plus(backoff());
			}
		}
	}

	/**
	 * The control plane says the desired state changed: heartbeat now, not at the next
	 * interval. Any thread.
	 */
	void nudge() {
		this.nudged = true;
		this.reconciler.wakeUp();
	}

	/** One turn: heartbeat when due or nudged, reconcile, report. */
	void step() {
		boolean heartbeat = (this.nudged && this.reachable) || !this.clock.instant().isBefore(this.nextHeartbeat);
		if (heartbeat) {
			this.nudged = false;
		}
		if (heartbeat) {
			if (this.node == null) {
				register();
			}
			if (this.node != null) {
				heartbeat();
			}
			if (this.node != null && this.reachable) {
				claimExecs();
			}
		}
		if (this.desired != null) {
			this.reconciler.reconcile(this.desired);
		}
		if (this.node != null && this.reachable) {
			report(heartbeat);
		}
	}

	private void register() {
		// A board node runs one instance per board, however many slots are configured.
		int slots = this.backend.slots().orElse(this.properties.instanceSlots());
		NodeRegistration registration = new NodeRegistration(this.properties.nodeName(), ARCHITECTURE,
				this.properties.memoryMb(), slots, labels(), metricsUrl());
		switch (this.controlPlane.register(registration)) {
			case Reply.Ok<NodeRegistered>(NodeRegistered registered) when registered != null
					&& registered.nodeId() != null -> {
				this.node = new NodeCredentials(registered.nodeId(), registered.nodeToken());
				adoptInterval(registered.heartbeatIntervalMs());
				connected();
				logger.info("registered as node {} ({}), heartbeat every {} ms", registered.nodeId(),
						this.properties.nodeName(), this.heartbeatInterval.toMillis());
			}
			case Reply.Ok<NodeRegistered> empty -> unavailable("registration answered without a node id");
			case Reply.NotFound<NodeRegistered> notFound -> unavailable("registration endpoint not found (404)");
			case Reply.Refused<NodeRegistered>(int status, String detail) ->
				unavailable("registration refused with " + status + ": " + detail);
			case Reply.Unavailable<NodeRegistered>(String reason) -> unavailable(reason);
		}
	}

	/**
	 * The configured labels, then what the agent finds itself, which wins: the
	 * architecture and the backend's (backend, QEMU version or board types).
	 */
	private Map<String, String> labels() {
		Map<String, String> labels = new TreeMap<>(this.properties.labels());
		Map<String, String> found = new TreeMap<>(this.backend.labels());
		found.put("arch", ARCHITECTURE);
		found.forEach((key, value) -> {
			String configured = labels.put(key, value);
			if (configured != null && !configured.equals(value)) {
				logger.warn("label {}={} configured, but the node has {}={}: registering that", key, configured, key,
						value);
			}
		});
		return labels;
	}

	private void heartbeat() {
		NodeHeartbeat heartbeat = new NodeHeartbeat(this.reconciler.running());
		switch (this.controlPlane.heartbeat(this.node, heartbeat)) {
			case Reply.Ok<NodeAssignments>(NodeAssignments assignments) when assignments != null -> {
				this.desired = (assignments.instances() != null) ? List.copyOf(assignments.instances()) : List.of();
				adoptInterval(assignments.heartbeatIntervalMs());
				connected();
				this.nextHeartbeat = this.clock.instant().plus(this.heartbeatInterval);
			}
			case Reply.Ok<NodeAssignments> empty -> unavailable("heartbeat answered without assignments");
			case Reply.NotFound<NodeAssignments> notFound -> forgetNode("node " + this.node.nodeId() + " is unknown");
			case Reply.Refused<NodeAssignments>(int status, String detail) when status == 401 || status == 403 ->
				forgetNode("heartbeat refused with " + status);
			case Reply.Refused<NodeAssignments>(int status, String detail) ->
				unavailable("heartbeat refused with " + status + ": " + detail);
			case Reply.Unavailable<NodeAssignments>(String reason) -> unavailable(reason);
		}
	}

	/**
	 * Claims the node's pending execs (a nudge announces each) and runs each on a virtual
	 * thread of its own (ConsoleExec keeps one at a time per instance); each reports its
	 * result when it ends.
	 */
	private void claimExecs() {
		NodeCredentials credentials = this.node;
		if (!(this.controlPlane.claimExecs(credentials) instanceof Reply.Ok<PendingExec[]>(PendingExec[] pending))
				|| pending == null) {
			return;
		}
		for (PendingExec request : pending) {
			Thread.ofVirtual().name("exec-" + request.id()).start(() -> runExec(credentials, request));
		}
	}

	private void runExec(NodeCredentials credentials, PendingExec request) {
		ExecOutcome outcome = this.exec.exec(request.instanceId(), request.channel(), request.command(),
				Duration.ofMillis(request.timeoutMs()));
		ExecReport report = switch (outcome) {
			case ExecOutcome.Completed(String output, int exitCode, long durationMs) ->
				new ExecReport(ExecReport.Outcome.Completed, output, exitCode, durationMs, null);
			case ExecOutcome.TimedOut(String output, long durationMs, String message) ->
				new ExecReport(ExecReport.Outcome.TimedOut, output, null, durationMs, message);
			case ExecOutcome.Failed(String message) -> new ExecReport(ExecReport.Outcome.Failed, "", null, 0, message);
		};
		logger.info("exec {} on instance {} (channel {}): {}", request.id(), request.instanceId(), request.channel(),
				report.outcome());
		Reply<Void> reply = this.controlPlane.reportExec(credentials, request.id(), report);
		if (!(reply instanceof Reply.Ok<Void>)) {
			logger.warn("could not report exec {} on instance {}: {}", request.id(), request.instanceId(), reply);
		}
	}

	/** Sends every changed report, and every report with a heartbeat. */
	private void report(boolean all) {
		for (StatusUpdate update : this.reconciler.statuses()) {
			if (!all && !update.changed()) {
				continue;
			}
			switch (this.controlPlane.report(this.node, update.instanceId(), update.report())) {
				case Reply.Ok<Void> ok -> this.reconciler.reported(update.instanceId(), update.revision());
				case Reply.NotFound<Void> notFound -> {
					// The instance is gone from the control plane (deleted): nothing to
					// tell.
					this.reconciler.reported(update.instanceId(), update.revision());
				}
				case Reply.Refused<Void>(int status, String detail) -> {
					if (update.report().phase() == Phase.Stopped) {
						// The last word on an instance the control plane already let go
						// of.
						logger.debug("final status of instance {} refused with {}", update.instanceId(), status);
					}
					else {
						logger.warn("status of instance {} refused with {}: {}", update.instanceId(), status, detail);
					}
					this.reconciler.reported(update.instanceId(), update.revision());
				}
				case Reply.Unavailable<Void>(String reason) -> {
					unavailable(reason);
					return;
				}
			}
		}
	}

	private void forgetNode(String why) {
		logger.warn("{}: registering again", why);
		this.node = null;
		this.nextHeartbeat = this.clock.instant();
	}

	private void connected() {
		if (!this.reachable) {
			logger.info("control plane at {} reachable again", this.properties.controlPlaneUrl());
		}
		this.reachable = true;
		this.retry = FIRST_RETRY;
	}

	private void unavailable(String reason) {
		Duration delay = backoff();
		if (this.reachable) {
			logger.warn("control plane at {} unavailable ({}); keeping {} instance(s) running, retrying in {} ms",
					this.properties.controlPlaneUrl(), reason, this.reconciler.running().size(), delay.toMillis());
		}
		else {
			logger.debug("control plane still unavailable ({}); retrying in {} ms", reason, delay.toMillis());
		}
		this.reachable = false;
		this.nextHeartbeat = this.clock.instant().plus(delay);
	}

	private Duration backoff() {
		Duration delay = this.retry;
		this.retry = this.retry.multipliedBy(2);
		if (this.retry.compareTo(MAX_RETRY) > 0) {
			this.retry = MAX_RETRY;
		}
		return delay;
	}

	private void adoptInterval(long intervalMs) {
		if (intervalMs > 0) {
			this.heartbeatInterval = Duration.ofMillis(intervalMs);
		}
	}

	private Duration idleTime() {
		Duration untilHeartbeat = Duration.between(this.clock.instant(), this.nextHeartbeat);
		if (untilHeartbeat.isNegative()) {
			return Duration.ZERO;
		}
		return (untilHeartbeat.compareTo(MAX_IDLE) < 0) ? untilHeartbeat : MAX_IDLE;
	}

	private String metricsUrl() {
		String port = this.environment.getProperty("local.server.port",
				this.environment.getProperty("server.port", "7070"));
		return "http://" + this.properties.advertiseHost() + ":" + port + "/metrics";
	}

}
