package dev.atoll.agent.backend.qemu;

import java.io.File;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import dev.atoll.agent.backend.BackendInstance;
import dev.atoll.agent.backend.ConsoleSink;
import dev.atoll.agent.backend.Teardown;
import dev.atoll.agent.system.ProcStat;
import dev.atoll.agent.system.RotatingFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running QEMU: its process, its console connection and the thread that records every
 * console byte to {@code console.log} and hands it to the console sink. Either launched
 * by this agent (its child, exit code known) or adopted from a previous agent through its
 * {@link QemuHandle} (known by pid and start time only).
 */
final class QemuInstance {

	private static final Logger logger = LoggerFactory.getLogger(QemuInstance.class);

	private static final Duration CONNECT_RETRY = Duration.ofMillis(20);

	private static final Duration READER_DRAIN = Duration.ofSeconds(2);

	private final QemuLaunch launch;

	/** Set when this agent launched the process; null when it was adopted. */
	private final Process child;

	private final ProcessHandle process;

	private final Instant startedAt;

	private final SocketChannel console;

	private final Thread reader;

	private final Object writeLock = new Object();

	private QemuInstance(QemuLaunch launch, Process child, ProcessHandle process, Instant startedAt,
			SocketChannel console, RotatingFile consoleLog, ConsoleSink sink) {
		this.launch = launch;
		this.child = child;
		this.process = process;
		this.startedAt = startedAt;
		this.console = console;
		this.reader = Thread.ofVirtual()
			.name("console-" + launch.spec().id())
			.start(() -> readConsole(consoleLog, sink));
	}

	/**
	 * Launches QEMU and connects to its console socket; the guest starts running only
	 * then ({@code wait=on}), so no byte is lost. On failure nothing is left running.
	 */
	static QemuInstance launch(QemuLaunch launch, ConsoleSink sink, Instant now, Duration consoleTimeout)
			throws IOException {
		Files.createDirectories(launch.workDir());
		for (Path stale : List.of(launch.consoleSocket(), launch.qmpSocket(), launch.pidFile())) {
			Files.deleteIfExists(stale);
		}
		Process process = new ProcessBuilder(launch.commandLine()).directory(launch.workDir().toFile())
			.redirectErrorStream(true)
			.redirectOutput(launch.qemuLog().toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.start();
		SocketChannel console = null;
		RotatingFile consoleLog = null;
		try {
			console = connectConsole(launch, process.toHandle(), consoleTimeout);
			consoleLog = RotatingFile.rawConsole(launch.workDir(), false);
			long startTime = ProcStat.of(process.pid())
				.orElseThrow(() -> new IOException("QEMU pid " + process.pid() + " has no /proc entry"))
				.startTimeTicks();
			QemuHandle.of(launch, process.pid(), startTime, now).write(launch.workDir());
			return new QemuInstance(launch, process, process.toHandle(), now, console, consoleLog, sink);
		}
		catch (IOException | RuntimeException ex) {
			process.destroyForcibly();
			Teardown.closeQuietly(console);
			Teardown.closeQuietly(consoleLog);
			awaitExit(process.toHandle(), Duration.ofSeconds(5));
			throw ex;
		}
	}

	/**
	 * Adopts the QEMU a previous agent launched, which {@code handle} describes and which
	 * the caller checked is that very process: reconnects to its console (QEMU's socket
	 * server takes a new client once the old one is gone). Bytes the guest wrote while no
	 * agent listened are lost. Throws when the console cannot be reached; the process is
	 * left to the caller then.
	 */
	static QemuInstance adopt(QemuLaunch launch, QemuHandle handle, ProcessHandle process, ConsoleSink sink,
			Duration consoleTimeout) throws IOException {
		SocketChannel console = null;
		try {
			console = connectConsole(launch, process, consoleTimeout);
			RotatingFile consoleLog = RotatingFile.rawConsole(launch.workDir(), true);
			return new QemuInstance(launch, null, process, handle.launchedAt(), console, consoleLog, sink);
		}
		catch (IOException | RuntimeException ex) {
			Teardown.closeQuietly(console);
			throw ex;
		}
	}

	BackendInstance observe() {
		OptionalInt exitCode = OptionalInt.empty();
		if (!running()) {
			// Report the exit only once the console is drained, so that whoever sees it
			// also sees the last lines.
			joinReader(READER_DRAIN);
			exitCode = OptionalInt.of(exitValue());
		}
		return new BackendInstance(this.launch.spec(), this.process.pid(), this.startedAt, exitCode);
	}

	Path consoleLog() {
		return this.launch.consoleLog();
	}

	/** Writes bytes whole to the console socket (QEMU's serial input). */
	void writeConsole(byte[] bytes) throws IOException {
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		synchronized (this.writeLock) {
			while (buffer.hasRemaining()) {
				this.console.write(buffer);
			}
		}
	}

	/**
	 * Stops QEMU: a power-button request when its image declares that it honours one,
	 * then QMP {@code quit}, then SIGKILL, each after its share of the timeout. An image
	 * without that declaration would only let the request time out, so it is quit at
	 * once: {@code quit} is QEMU's own clean exit. Returns once the process is gone,
	 * saying how it went.
	 */
	String stop(Duration timeout) {
		String how;
		if (!running()) {
			how = "had already exited with code " + exitValue();
		}
		else {
			Duration powerdown = this.launch.powerdown() ? timeout.multipliedBy(2).dividedBy(5) : Duration.ZERO;
			Duration quit = timeout.minus(powerdown);
			how = "powered down";
			if (this.launch.powerdown() && QmpClient.execute(qmpSocket(), "system_powerdown", powerdown)) {
				awaitExit(powerdown);
			}
			if (running()) {
				how = "quit";
				if (QmpClient.execute(qmpSocket(), "quit", quit)) {
					awaitExit(quit);
				}
			}
			if (running()) {
				how = "killed";
				logger.warn("QEMU {} did not stop within {}, killing it", this.launch.processName(), timeout);
				this.process.destroyForcibly();
				awaitExit(Duration.ofSeconds(10));
			}
		}
		joinReader(READER_DRAIN);
		Teardown.closeQuietly(this.console);
		QemuHandle.delete(this.launch.workDir());
		for (Path socket : List.of(this.launch.consoleSocket(), this.launch.qmpSocket())) {
			try {
				Files.deleteIfExists(socket);
			}
			catch (IOException ex) {
				logger.debug("could not delete {}: {}", socket, ex.toString());
			}
		}
		return how;
	}

	/**
	 * Lets go of the QEMU without stopping it: the console is closed, the process and its
	 * handle stay for the next agent to adopt.
	 */
	void detach() {
		Teardown.closeQuietly(this.console);
		joinReader(READER_DRAIN);
	}

	long pid() {
		return this.process.pid();
	}

	private boolean running() {
		return (this.child != null) ? this.child.isAlive() : alive(this.process);
	}

	private int exitValue() {
		return (this.child != null) ? this.child.exitValue() : -1;
	}

	private Path qmpSocket() {
		return QemuLaunch.socketOf(this.process.pid(), QemuLaunch.QMP_SOCKET);
	}

	private void readConsole(RotatingFile consoleLog, ConsoleSink sink) {
		ByteBuffer buffer = ByteBuffer.allocate(8192);
		try (consoleLog) {
			while (this.console.read(buffer.clear()) >= 0) {
				consoleLog.write(buffer.array(), 0, buffer.position());
				try {
					sink.bytes(buffer.array(), 0, buffer.position());
				}
				catch (RuntimeException ex) {
					logger.error("console sink of {} failed; the console keeps being recorded",
							this.launch.processName(), ex);
				}
			}
		}
		catch (IOException ex) {
			logger.debug("console of {} closed: {}", this.launch.processName(), ex.toString());
		}
		finally {
			Teardown.closeQuietly(this.console);
			sink.closed();
		}
	}

	private void joinReader(Duration timeout) {
		try {
			this.reader.join(timeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static SocketChannel connectConsole(QemuLaunch launch, ProcessHandle process, Duration timeout)
			throws IOException {
		UnixDomainSocketAddress address = UnixDomainSocketAddress
			.of(QemuLaunch.socketOf(process.pid(), QemuLaunch.CONSOLE_SOCKET));
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			if (!alive(process)) {
				throw new IOException("QEMU exited before opening its console: " + lastLines(launch.qemuLog()));
			}
			if (Files.exists(launch.consoleSocket())) {
				SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
				try {
					channel.connect(address);
					return channel;
				}
				catch (IOException ex) {
					channel.close();
				}
			}
			if (System.nanoTime() > deadline) {
				throw new IOException("QEMU did not open its console socket within " + timeout);
			}
			try {
				Thread.sleep(CONNECT_RETRY);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException("interrupted while connecting to the console", ex);
			}
		}
	}

	private static String lastLines(Path log) {
		try {
			List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
			return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
		}
		catch (IOException ex) {
			return "(no QEMU log)";
		}
	}

	/**
	 * Whether the process runs. A process adopted from a dead agent is no child of ours:
	 * once it exits it may stay a zombie until its new parent reaps it, which is exited.
	 */
	static boolean alive(ProcessHandle process) {
		return process.isAlive() && ProcStat.of(process.pid()).map(ProcStat::alive).orElse(false);
	}

	private void awaitExit(Duration timeout) {
		if (this.child != null) {
			try {
				this.child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		else {
			awaitExit(this.process, timeout);
		}
	}

	static void awaitExit(ProcessHandle process, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (alive(process) && System.nanoTime() < deadline) {
			try {
				Thread.sleep(CONNECT_RETRY);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

}
