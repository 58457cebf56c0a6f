package dev.atoll.agent.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import dev.atoll.agent.backend.Backend;
import dev.atoll.agent.console.ExecReplies;
import dev.atoll.agent.console.FrameEncoder;

/**
 * Runs a command on a console channel of an instance (docs/frame-format.md, "Exec"): the
 * request goes out as a frame through the backend's serial line, the reply comes back
 * through the instance's console. One exec at a time per instance, in the order they
 * came; each waits at most its timeout, the wait for its turn included. Blocking: call it
 * off any event loop.
 */
public final class ConsoleExec {

	/** Longest command the guest's monitor takes, in UTF-8 bytes. */
	public static final int MAX_COMMAND_BYTES = 240;

	/** Console channels: 0 the root task's, 2..127 a task's. */
	public static final int MAX_CHANNEL = 127;

	public static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

	private static final long MAX_ID = 0xFFFF_FFFFL;

	private final Backend backend;

	private final Function<UUID, Optional<ExecReplies>> consoles;

	private final Map<UUID, Semaphore> turns = new ConcurrentHashMap<>();

	private final AtomicLong ids = new AtomicLong();

	/**
	 * @param backend writes the request to the serial line
	 * @param consoles the exec replies of an instance's current console, if it has one
	 */
	public ConsoleExec(Backend backend, Function<UUID, Optional<ExecReplies>> consoles) {
		this.backend = backend;
		this.consoles = consoles;
	}

	/** What is wrong with a request, or empty when it may run. */
	public static Optional<String> problem(int channel, String command, Duration timeout) {
		if (channel != 0 && (channel < 2 || channel > MAX_CHANNEL)) {
			return Optional.of("channel must be 0 (the root task's console) or 2.." + MAX_CHANNEL);
		}
		if (command == null || command.isBlank()) {
			return Optional.of("command must not be empty");
		}
		if (command.getBytes(StandardCharsets.UTF_8).length > MAX_COMMAND_BYTES) {
			return Optional.of("command must be at most " + MAX_COMMAND_BYTES + " bytes");
		}
		if (command.chars().anyMatch((c) -> c < 0x20 || c == 0x7f)) {
			return Optional.of("command must be one line without control characters");
		}
		if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
			return Optional.of("timeout must be more than 0 and at most " + MAX_TIMEOUT.toSeconds() + " seconds");
		}
		return Optional.empty();
	}

	public ExecOutcome exec(UUID instanceId, int channel, String command, Duration timeout) {
		Optional<String> problem = problem(channel, command, timeout);
		if (problem.isPresent()) {
			return new ExecOutcome.Failed(problem.get());
		}
		long start = System.nanoTime();
		Semaphore turn = this.turns.computeIfAbsent(instanceId, (id) -> new Semaphore(1, true));
		try {
			if (!turn.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
				return new ExecOutcome.TimedOut("", millisSince(start),
						"timed out after " + timeout.toMillis() + " ms waiting for an earlier exec on the instance");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new ExecOutcome.Failed("interrupted");
		}
		try {
			return run(instanceId, channel, command, timeout, start);
		}
		finally {
			turn.release();
		}
	}

	private ExecOutcome run(UUID instanceId, int channel, String command, Duration timeout, long start) {
		Optional<ExecReplies> replies = this.consoles.apply(instanceId);
		if (replies.isEmpty()) {
			return new ExecOutcome.Failed("instance " + instanceId + " has no console on this node");
		}
		long id = this.ids.updateAndGet((n) -> (n >= MAX_ID) ? 1 : n + 1);
		ExecReplies.Pending pending = replies.get().expect(id, channel);
		try {
			this.backend.writeConsole(instanceId,
					FrameEncoder.frame(ExecReplies.EXEC_CHANNEL + channel, id + " " + command));
			long left = timeout.toNanos() - (System.nanoTime() - start);
			int exitCode = pending.exit().get(Math.max(left, 0), TimeUnit.NANOSECONDS);
			return new ExecOutcome.Completed(pending.output(), exitCode, millisSince(start));
		}
		catch (IOException ex) {
			return new ExecOutcome.Failed("could not write to the console: " + ex.getMessage());
		}
		catch (TimeoutException ex) {
			return new ExecOutcome.TimedOut(pending.output(), millisSince(start), "no exit code within "
					+ timeout.toMillis() + " ms (is a console owner with input on channel " + channel + "?)");
		}
		catch (ExecutionException ex) {
			return new ExecOutcome.Failed(ex.getCause().getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new ExecOutcome.Failed("interrupted");
		}
		finally {
			replies.get().forget(id);
		}
	}

	private static long millisSince(long start) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
	}

}
