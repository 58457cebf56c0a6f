package dev.atoll.agent.backend.board;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.atoll.agent.system.AgentProperties.Board;

/**
 * Powers one board on or off with its configured commands (labgrid's external power
 * driver). A command runs with {@code /bin/sh -c}, stdin from {@code /dev/null}, its
 * output appended to the board's {@code power.log} (a file, not a pipe: a command that
 * leaves a daemon behind must not hold the agent up), and must exit 0 within the timeout.
 */
final class PowerSwitch {

	static final String LOG = "power.log";

	private final Board board;

	private final Path log;

	private final Duration timeout;

	PowerSwitch(Board board, Path boardDir, Duration timeout) {
		this.board = board;
		this.log = boardDir.resolve(LOG);
		this.timeout = timeout;
	}

	/** Powers on for {@code instance}; empty when it did, else why not. */
	Optional<String> on(UUID instance) {
		return run("power-on", this.board.powerOn(), instance);
	}

	/** Powers off; empty when it did (or the board was off), else why not. */
	Optional<String> off(UUID instance) {
		return run("power-off", this.board.powerOff(), instance);
	}

	private Optional<String> run(String what, String command, UUID instance) {
		ProcessBuilder builder = new ProcessBuilder(List.of("/bin/sh", "-c", command)).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()))
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		Map<String, String> environment = builder.environment();
		environment.put("ATOLL_BOARD", this.board.name());
		environment.put("ATOLL_TFTP_DIR", this.board.tftpDir().toAbsolutePath().toString());
		environment.put("ATOLL_INSTANCE", (instance != null) ? instance.toString() : "");
		try {
			Files.createDirectories(this.log.getParent());
			Process process = builder.start();
			if (!process.waitFor(this.timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				return Optional.of(what + " of board " + this.board.name() + " did not finish within " + this.timeout);
			}
			if (process.exitValue() != 0) {
				return Optional.of(what + " of board " + this.board.name() + " exited with " + process.exitValue()
						+ ": " + lastLine());
			}
			return Optional.empty();
		}
		catch (IOException ex) {
			return Optional.of(what + " of board " + this.board.name() + " could not run: " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.of(what + " of board " + this.board.name() + " interrupted");
		}
	}

	private String lastLine() {
		try {
			List<String> lines = Files.readAllLines(this.log, StandardCharsets.UTF_8);
			return lines.isEmpty() ? "(no output)" : lines.getLast();
		}
		catch (IOException ex) {
			return "(no output)";
		}
	}

}
