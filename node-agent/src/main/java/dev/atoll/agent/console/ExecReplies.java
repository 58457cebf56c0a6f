package dev.atoll.agent.console;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exec replies of one instance's console (docs/frame-format.md, "Exec"): frames on
 * channel 128 + C carry {@code ID out TEXT} and then {@code ID exit CODE}. A request
 * {@link #expect expects} its id before it is sent; the frames of ids nobody expects (a
 * request that timed out, or a guest that lies) are counted and dropped.
 */
public final class ExecReplies {

	/** Exec channel of console C is {@code EXEC_CHANNEL + C}. */
	public static final int EXEC_CHANNEL = 128;

	private final Map<Long, Pending> pending = new ConcurrentHashMap<>();

	private volatile boolean ended;

	private long unexpected;

	/**
	 * Registers request {@code id} on console {@code console}; its reply completes it.
	 */
	public Pending expect(long id, int console) {
		Pending p = new Pending(console);
		this.pending.put(id, p);
		if (this.ended) {
			p.exit.completeExceptionally(new IllegalStateException("the console closed"));
		}
		return p;
	}

	/** Forgets request {@code id} (answered, or given up on). */
	public void forget(long id) {
		this.pending.remove(id);
	}

	/** Frames of ids nobody expected, or that do not read as a reply. */
	public synchronized long unexpected() {
		return this.unexpected;
	}

	/** A frame on exec channel {@code EXEC_CHANNEL + console}. */
	void frame(int console, byte[] payload) {
		String text = new String(payload, StandardCharsets.UTF_8);
		int space = text.indexOf(' ');
		Pending p = null;
		if (space > 0 && space <= 10 && text.chars().limit(space).allMatch(Character::isDigit)) {
			p = this.pending.get(Long.parseLong(text.substring(0, space)));
		}
		String rest = (space > 0) ? text.substring(space + 1) : "";
		if (p == null || p.console != console || !p.accept(rest)) {
			synchronized (this) {
				this.unexpected++;
			}
		}
	}

	/** The console ended: every request still waiting fails. */
	void end() {
		this.ended = true;
		this.pending.values()
			.forEach((p) -> p.exit.completeExceptionally(new IllegalStateException("the console closed")));
	}

	/** One request's reply as it arrives: output, then the exit code. */
	public static final class Pending {

		private final int console;

		private final StringBuilder output = new StringBuilder();

		private final CompletableFuture<Integer> exit = new CompletableFuture<>();

		private Pending(int console) {
			this.console = console;
		}

		/** Completes with the exit code (exceptionally when the console closed first). */
		public CompletableFuture<Integer> exit() {
			return this.exit;
		}

		/** The output received so far. */
		public synchronized String output() {
			return this.output.toString();
		}

		private synchronized boolean accept(String reply) {
			if (this.exit.isDone()) {
				return false;
			}
			if (reply.startsWith("out ")) {
				this.output.append(reply, 4, reply.length());
				return true;
			}
			if (reply.startsWith("exit ")) {
				try {
					return this.exit.complete(Integer.parseInt(reply.substring(5).trim()));
				}
				catch (NumberFormatException ex) {
					return false;
				}
			}
			return false;
		}

	}

}
