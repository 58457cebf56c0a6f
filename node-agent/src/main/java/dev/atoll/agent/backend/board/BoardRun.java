package dev.atoll.agent.backend.board;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.atoll.agent.backend.BackendInstance;
import dev.atoll.agent.backend.ConsoleSink;
import dev.atoll.agent.backend.Teardown;
import dev.atoll.agent.system.RotatingFile;
import dev.atoll.agent.backend.InstanceSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance on one board: the thread that holds the board's serial line, records every
 * byte to the instance's {@code console.log} and hands it to the console sink. A serial
 * line outlives what runs behind it (a console server restarts, a board power-cycles), so
 * the thread connects again whenever the line drops, until the run is closed. A board has
 * no process on this host to exit: it runs until it is stopped.
 */
final class BoardRun {

	private static final Logger logger = LoggerFactory.getLogger(BoardRun.class);

	private static final Duration RECONNECT = Duration.ofMillis(50);

	private final String board;

	private final InstanceSpec spec;

	private final Instant startedAt;

	private final SerialLine serial;

	private final Path consoleLog;

	private final CountDownLatch connected = new CountDownLatch(1);

	private final Thread reader;

	private volatile boolean closed;

	/** The line the reader holds now; guarded by {@code this}. */
	private ByteChannel line;

	private BoardRun(String board, InstanceSpec spec, Instant startedAt, SerialLine serial, Path consoleLog,
			RotatingFile log, ConsoleSink sink) {
		this.board = board;
		this.spec = spec;
		this.startedAt = startedAt;
		this.serial = serial;
		this.consoleLog = consoleLog;
		this.reader = Thread.ofVirtual().name("board-console-" + board).start(() -> readConsole(log, sink));
	}

	/**
	 * Starts holding the board's serial line for the instance, recording to
	 * {@code <workDir>/console.log} (appended to when {@code append}: an adopted run).
	 */
	static BoardRun open(String board, InstanceSpec spec, Instant startedAt, SerialLine serial, Path workDir,
			boolean append, ConsoleSink sink) throws IOException {
		Files.createDirectories(workDir);
		RotatingFile log = RotatingFile.rawConsole(workDir, append);
		return new BoardRun(board, spec, startedAt, serial, log.file(), log, sink);
	}

	/** Waits until the serial line has been connected once; false after the timeout. */
	boolean awaitConnected(Duration timeout) {
		try {
			return this.connected.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	String board() {
		return this.board;
	}

	InstanceSpec spec() {
		return this.spec;
	}

	Path consoleLog() {
		return this.consoleLog;
	}

	/** Writes bytes whole to the serial line the reader holds now. */
	void writeConsole(byte[] bytes) throws IOException {
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		synchronized (this) {
			if (this.line == null || !this.line.isOpen()) {
				throw new IOException("the serial line of board " + this.board + " is not connected");
			}
			while (buffer.hasRemaining()) {
				this.line.write(buffer);
			}
		}
	}

	BackendInstance observe() {
		return new BackendInstance(this.spec, BackendInstance.NO_PROCESS, this.startedAt, OptionalInt.empty());
	}

	/** Lets go of the serial line; returns once the reader has ended the console. */
	void close() {
		this.closed = true;
		synchronized (this) {
			Teardown.closeQuietly(this.line);
		}
		this.reader.interrupt();
		try {
			this.reader.join(Duration.ofSeconds(5));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void readConsole(RotatingFile log, ConsoleSink sink) {
		ByteBuffer buffer = ByteBuffer.allocate(8192);
		try (log) {
			while (!this.closed) {
				ByteChannel current = connect();
				if (current == null) {
					break;
				}
				try (current) {
					while (current.read(buffer.clear()) >= 0) {
						log.write(buffer.array(), 0, buffer.position());
						feed(sink, buffer);
					}
				}
				catch (IOException ex) {
					logger.debug("serial line {} of board {} dropped: {}", this.serial, this.board, ex.toString());
				}
				pause();
			}
		}
		catch (IOException ex) {
			logger.warn("console log of board {} failed: {}", this.board, ex.toString());
		}
		finally {
			sink.closed();
		}
	}

	/** Connects, retrying until it works; null once the run is closed. */
	private ByteChannel connect() {
		while (!this.closed) {
			try {
				ByteChannel opened = this.serial.open();
				synchronized (this) {
					if (this.closed) {
						Teardown.closeQuietly(opened);
						return null;
					}
					this.line = opened;
				}
				this.connected.countDown();
				return opened;
			}
			catch (IOException ex) {
				pause();
			}
		}
		return null;
	}

	private void feed(ConsoleSink sink, ByteBuffer buffer) {
		try {
			sink.bytes(buffer.array(), 0, buffer.position());
		}
		catch (RuntimeException ex) {
			logger.error("console sink of board {} failed; the console keeps being recorded", this.board, ex);
		}
	}

	private void pause() {
		try {
			Thread.sleep(RECONNECT);
		}
		catch (InterruptedException ex) {
			// close() interrupts: the loop sees closed and ends.
		}
	}

}
