package dev.atoll.agent.backend.qemu;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import dev.atoll.agent.backend.BackendInstance;
import dev.atoll.agent.backend.ConsoleSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running QEMU: its process, its console connection and the thread that records every
 * console byte to {@code console.log} and hands it to the console sink.
 */
final class QemuInstance {

	private static final Logger logger = LoggerFactory.getLogger(QemuInstance.class);

	private static final Duration CONNECT_RETRY = Duration.ofMillis(20);

	private static final Duration READER_DRAIN = Duration.ofSeconds(2);

	private final QemuLaunch launch;

	private final Process process;

	private final Instant startedAt;

	private final SocketChannel console;

	private final Thread reader;

	private QemuInstance(QemuLaunch launch, Process process, Instant startedAt, SocketChannel console,
			OutputStream consoleLog, ConsoleSink sink) {
		this.launch = launch;
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
		OutputStream consoleLog = null;
		try {
			console = connectConsole(launch, process, consoleTimeout);
			consoleLog = Files.newOutputStream(launch.consoleLog(), StandardOpenOption.CREATE,
					StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
			return new QemuInstance(launch, process, now, console, consoleLog, sink);
		}
		catch (IOException | RuntimeException ex) {
			process.destroyForcibly();
			closeQuietly(console);
			closeQuietly(consoleLog);
			awaitExit(process, Duration.ofSeconds(5));
			throw ex;
		}
	}

	BackendInstance observe() {
		OptionalInt exitCode = OptionalInt.empty();
		if (!this.process.isAlive()) {
			// Report the exit only once the console is drained, so that whoever sees it
			// also sees the last lines.
			joinReader(READER_DRAIN);
			exitCode = OptionalInt.of(this.process.exitValue());
		}
		return new BackendInstance(this.launch.spec(), this.process.pid(), this.startedAt, exitCode);
	}

	Path consoleLog() {
		return this.launch.consoleLog();
	}

	/**
	 * Stops QEMU: ACPI power-down, then QMP {@code quit}, then SIGKILL, each after its
	 * share of the timeout. Returns once the process is gone, saying how it went.
	 */
	String stop(Duration timeout) {
		String how;
		if (!this.process.isAlive()) {
			how = "had already exited with code " + this.process.exitValue();
		}
		else {
			Duration powerdown = timeout.multipliedBy(2).dividedBy(5);
			Duration quit = timeout.minus(powerdown);
			how = "powered down";
			if (QmpClient.execute(qmpSocket(), "system_powerdown", powerdown)) {
				awaitExit(this.process, powerdown);
			}
			if (this.process.isAlive()) {
				how = "quit";
				if (QmpClient.execute(qmpSocket(), "quit", quit)) {
					awaitExit(this.process, quit);
				}
			}
			if (this.process.isAlive()) {
				how = "killed";
				logger.warn("QEMU {} did not stop within {}, killing it", this.launch.processName(), timeout);
				this.process.destroyForcibly();
				awaitExit(this.process, Duration.ofSeconds(10));
			}
		}
		joinReader(READER_DRAIN);
		closeQuietly(this.console);
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

	private Path qmpSocket() {
		return QemuLaunch.socketOf(this.process.pid(), QemuLaunch.QMP_SOCKET);
	}

	private void readConsole(OutputStream consoleLog, ConsoleSink sink) {
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
			closeQuietly(this.console);
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

	private static SocketChannel connectConsole(QemuLaunch launch, Process process, Duration timeout)
			throws IOException {
		UnixDomainSocketAddress address = UnixDomainSocketAddress
			.of(QemuLaunch.socketOf(process.pid(), QemuLaunch.CONSOLE_SOCKET));
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			if (!process.isAlive()) {
				throw new IOException("QEMU exited with code " + process.exitValue() + " before opening its console: "
						+ lastLines(launch.qemuLog()));
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

	private static void awaitExit(Process process, Duration timeout) {
		try {
			process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void closeQuietly(AutoCloseable closeable) {
		if (closeable == null) {
			return;
		}
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// Best effort while tearing down; the process is gone or going.
		}
	}

}
