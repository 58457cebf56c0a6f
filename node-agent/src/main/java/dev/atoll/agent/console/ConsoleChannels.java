package dev.atoll.agent.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import dev.atoll.agent.system.RotatingFile;
import dev.atoll.api.ConsoleSources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the decoded lines of one instance go besides its report tail: one log per source
 * in {@code dir} ({@code kernel.log}, {@code system.log}, {@code console-N.log} for the
 * task on channel N), each rotated by size with a bounded count, and the live followers
 * of a console stream. Lines arrive on the console's feeding thread; followers read on
 * their own threads, each through a bounded queue, so a slow follower loses lines
 * (counted) and never holds the console up.
 */
public final class ConsoleChannels implements AutoCloseable {

	/** A source name: {@code kernel}, {@code system} or {@code console-N}. */
	public static final Pattern SOURCE = ConsoleSources.SOURCE;

	private static final Logger logger = LoggerFactory.getLogger(ConsoleChannels.class);

	private static final String END = "\u0000end";

	private final Path dir;

	private final long maxBytes;

	private final int keep;

	/** Guarded by {@code this}. */
	private final Map<String, RotatingFile> logs = new LinkedHashMap<>();

	private final List<Follower> followers = new CopyOnWriteArrayList<>();

	private volatile boolean closed;

	public ConsoleChannels(Path dir, long maxBytes, int keep) {
		this.dir = dir;
		this.maxBytes = maxBytes;
		this.keep = keep;
	}

	/** The log file of {@code source} (it may not exist yet). */
	public Path log(String source) {
		return this.dir.resolve(source + ".log");
	}

	/** Older rotations of {@code source}'s log, newest first, as far as they are kept. */
	public List<Path> rotations(String source) {
		List<Path> files = new ArrayList<>();
		for (int n = 1; n <= this.keep; n++) {
			files.add(this.dir.resolve(source + ".log." + n));
		}
		return files;
	}

	/**
	 * Records one line of {@code source} and hands it to the followers of that source.
	 */
	void line(String source, String text) {
		if (this.closed) {
			return;
		}
		synchronized (this) {
			try {
				RotatingFile log = this.logs.get(source);
				if (log == null) {
					log = new RotatingFile(log(source), this.maxBytes, this.keep, false);
					this.logs.put(source, log);
				}
				byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
				log.write(bytes, 0, bytes.length);
			}
			catch (IOException ex) {
				logger.warn("could not write the {} log in {}: {}", source, this.dir, ex.toString());
			}
		}
		for (Follower follower : this.followers) {
			follower.offer(source, text);
		}
	}

	/**
	 * Follows the lines of {@code source} (every source when null) from now on; close the
	 * follower when done.
	 */
	public Follower follow(String source, int capacity) {
		Follower follower = new Follower(source, capacity);
		this.followers.add(follower);
		if (this.closed) {
			follower.end();
		}
		return follower;
	}

	/** The console ended: closes the logs and ends every follower. */
	@Override
	public void close() {
		this.closed = true;
		synchronized (this) {
			for (RotatingFile log : this.logs.values()) {
				try {
					log.close();
				}
				catch (IOException ex) {
					logger.debug("closing {}: {}", log.file(), ex.toString());
				}
			}
			this.logs.clear();
		}
		this.followers.forEach(Follower::end);
	}

	/** One follower of a console stream. */
	public final class Follower implements AutoCloseable {

		private final String source;

		private final BlockingQueue<String> queue;

		private long dropped;

		/** Only the reading thread touches it. */
		private boolean ended;

		private Follower(String source, int capacity) {
			this.source = source;
			this.queue = new ArrayBlockingQueue<>(capacity + 1);
		}

		private void offer(String from, String text) {
			if (this.source == null || this.source.equals(from)) {
				// One slot stays free for the end mark.
				if (this.queue.remainingCapacity() <= 1 || !this.queue.offer("[" + from + "] " + text)) {
					synchronized (this) {
						this.dropped++;
					}
				}
			}
		}

		private void end() {
			this.queue.offer(END);
		}

		/**
		 * The next line, {@code [source] text}, waiting at most {@code timeoutMs}; null
		 * when none came in time or the console {@link #ended() ended}.
		 */
		public String next(long timeoutMs) throws InterruptedException {
			if (this.ended) {
				return null;
			}
			String line = this.queue.poll(timeoutMs, TimeUnit.MILLISECONDS);
			if (END.equals(line)) {
				this.ended = true;
				return null;
			}
			return line;
		}

		/** Whether the console ended and every line before its end was taken. */
		public boolean ended() {
			return this.ended;
		}

		/** Lines lost because this follower read too slowly. */
		public synchronized long dropped() {
			return this.dropped;
		}

		@Override
		public void close() {
			ConsoleChannels.this.followers.remove(this);
		}

	}

}
