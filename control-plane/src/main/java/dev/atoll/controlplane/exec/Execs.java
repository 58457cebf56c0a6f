package dev.atoll.controlplane.exec;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import dev.atoll.api.ExecReport;
import dev.atoll.api.ExecRequest;
import dev.atoll.api.ExecResult;
import dev.atoll.api.PendingExec;
import dev.atoll.controlplane.instances.Instances;
import dev.atoll.controlplane.system.Outcome;
import dev.atoll.controlplane.system.Problem;
import dev.atoll.controlplane.system.Violation;
import dev.atoll.controlplane.watch.ChangeSignals;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Exec requests: stored, handed to the agent of the instance's node, answered when its
 * report arrives (or given up at the timeout and a grace for the agent's round trip).
 */
@Service
class Execs {

	static final String KIND = "exec";

	static final int DEFAULT_TIMEOUT_SECONDS = 30;

	static final int MAX_TIMEOUT_SECONDS = 600;

	static final int MAX_COMMAND_BYTES = 240;

	/**
	 * The agent's part beyond the command's own timeout: the nudge, the claim, the
	 * report.
	 */
	static final Duration GRACE = Duration.ofSeconds(5);

	private final ExecRepository repository;

	private final Instances instances;

	private final ChangeSignals signals;

	Execs(ExecRepository repository, Instances instances, ChangeSignals signals) {
		this.repository = repository;
		this.instances = instances;
		this.signals = signals;
	}

	Mono<Outcome<ExecResult>> exec(UUID instanceId, ExecRequest request) {
		List<Violation> errors = violations(request);
		if (!errors.isEmpty()) {
			return Mono.just(Outcome.failure(Problem.Invalid.of(errors)));
		}
		int channel = request.channel() == null ? 0 : request.channel();
		int timeoutSeconds = request.timeoutSeconds() == null ? DEFAULT_TIMEOUT_SECONDS : request.timeoutSeconds();
		Duration timeout = Duration.ofSeconds(timeoutSeconds);
		return this.instances.find(instanceId).flatMap((found) -> {
			if (found.isEmpty()) {
				return Mono.just(Outcome.failure(new Problem.NotFound("no instance " + instanceId)));
			}
			if (found.get().nodeId() == null || found.get().deleting()) {
				return Mono.just(Outcome.failure(new Problem.Conflict("instance " + instanceId
						+ " runs on no node now (" + found.get().phase() + "): nothing to exec on")));
			}
			return run(instanceId, found.get().nodeId(), channel, request.command(), timeout);
		});
	}

	private Mono<Outcome<ExecResult>> run(UUID instanceId, UUID nodeId, int channel, String command, Duration timeout) {
		return Mono.defer(() -> {
			UUID id = UUID.randomUUID();
			// Listening starts before the request exists, so no answer can slip past.
			// NOTIFY
			// is a hint only: whatever ends the wait, the row says what happened.
			Mono<Long> answered = this.signals.nextChange(KIND, id).cache();
			Disposable listening = answered.subscribe();
			return this.repository.insert(id, instanceId, nodeId, channel, command, timeout.toMillis(), Instant.now())
				.then(answered.timeout(timeout.plus(GRACE)))
				.then(this.repository.find(id))
				.onErrorResume(TimeoutException.class,
						(late) -> this.repository.expire(id,
								"no result from the agent of node " + nodeId + " within " + timeout.toSeconds() + " s",
								Instant.now()))
				.doFinally((signal) -> listening.dispose())
				.map((row) -> row.map((stored) -> answer(stored, timeout))
					.orElseGet(() -> Outcome.failure(new Problem.NotFound("exec request " + id + " is gone"))));
		});
	}

	private static Outcome<ExecResult> answer(ExecRepository.Stored stored, Duration timeout) {
		return switch (stored.state()) {
			case "Completed" ->
				Outcome.success(new ExecResult(stored.output(), stored.exitCode(), stored.durationMs()));
			case "Failed" -> Outcome.failure(new Problem.Conflict("exec failed on the node: " + stored.message()));
			default -> Outcome.failure(new Problem.GatewayTimeout("no exit code within " + timeout.toSeconds() + " s: "
					+ stored.message() + "; output so far: " + (stored.output() == null ? "" : stored.output())));
		};
	}

	Mono<List<PendingExec>> claim(UUID nodeId) {
		return this.repository.claim(nodeId, Instant.now());
	}

	Mono<Outcome<Boolean>> report(UUID nodeId, UUID execId, ExecReport report) {
		if (report == null || report.outcome() == null || report.durationMs() < 0
				|| (report.outcome() == ExecReport.Outcome.Completed && report.exitCode() == null)) {
			return Mono.just(Outcome.failure(Problem.Invalid.of(List.of(new Violation("outcome",
					"must be Completed (with exitCode), TimedOut or Failed, with durationMs >= 0")))));
		}
		return this.repository.finish(execId, nodeId, report, Instant.now())
			.map((stored) -> stored ? Outcome.success(true) : Outcome.failure(new Problem.NotFound(
					"no exec " + execId + " running on node " + nodeId + " (answered, or given up)")));
	}

	private static List<Violation> violations(ExecRequest request) {
		List<Violation> errors = new ArrayList<>();
		if (request == null) {
			return List.of(new Violation("command", "is required"));
		}
		Integer channel = request.channel();
		if (channel != null && channel != 0 && (channel < 2 || channel > 127)) {
			errors.add(new Violation("channel", "must be 0 (the root task's console) or 2..127"));
		}
		String command = request.command();
		if (command == null || command.isBlank()) {
			errors.add(new Violation("command", "is required"));
		}
		else if (command.getBytes(StandardCharsets.UTF_8).length > MAX_COMMAND_BYTES) {
			errors.add(new Violation("command", "must be at most " + MAX_COMMAND_BYTES + " bytes"));
		}
		else if (command.chars().anyMatch((c) -> c < 0x20 || c == 0x7f)) {
			errors.add(new Violation("command", "must be one line without control characters"));
		}
		Integer timeout = request.timeoutSeconds();
		if (timeout != null && (timeout < 1 || timeout > MAX_TIMEOUT_SECONDS)) {
			errors.add(new Violation("timeoutSeconds", "must be 1.." + MAX_TIMEOUT_SECONDS));
		}
		return errors;
	}

}
