package dev.atoll.agent.backend.board;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

import dev.atoll.agent.backend.Backend;
import dev.atoll.agent.backend.BackendInstance;
import dev.atoll.agent.backend.BootImage;
import dev.atoll.agent.backend.ConsoleSink;
import dev.atoll.agent.backend.InstanceSpec;
import dev.atoll.agent.backend.StartResult;
import dev.atoll.agent.system.AgentProperties;
import dev.atoll.agent.system.AgentProperties.Board;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs instances on boards, one instance per board at a time (labgrid's power and serial
 * drivers, LAVA's TFTP deployment): a start takes a free board, places the image and a
 * U-Boot script in the board's TFTP directory, powers the board off and on through its
 * configured commands, and holds its serial line; a stop powers it off. A board's
 * {@link BoardHandle} names the instance it runs, so that the next agent adopts it.
 */
final class BoardBackend implements Backend, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(BoardBackend.class);

	private final Map<String, Board> boards = new LinkedHashMap<>();

	private final Map<String, SerialLine> serialLines = new LinkedHashMap<>();

	private final Path imagesDir;

	private final Path workDir;

	private final Duration powerTimeout;

	private final Duration consoleTimeout;

	private final boolean stopOnShutdown;

	private final Clock clock;

	/** The run on each busy board, by board name; guarded by {@code this}. */
	private final Map<String, BoardRun> runs = new LinkedHashMap<>();

	/**
	 * Checks every board's settings; a console that is neither {@code tcp:HOST:PORT} nor
	 * a device path stops the agent at startup rather than failing every start.
	 */
	BoardBackend(List<Board> boards, Path imagesDir, Path workDir, Duration powerTimeout, Duration consoleTimeout,
			boolean stopOnShutdown, Clock clock) {
		for (Board board : boards) {
			SerialLine serial = SerialLine.parse(board.console())
				.orElseThrow(() -> new IllegalArgumentException("atoll.agent.boards[" + board.name() + "].console '"
						+ board.console() + "' is neither tcp:HOST:PORT nor a device path"));
			this.boards.put(board.name(), board);
			this.serialLines.put(board.name(), serial);
		}
		this.imagesDir = imagesDir;
		this.workDir = workDir.toAbsolutePath();
		this.powerTimeout = powerTimeout;
		this.consoleTimeout = consoleTimeout;
		this.stopOnShutdown = stopOnShutdown;
		this.clock = clock;
	}

	static BoardBackend from(AgentProperties properties, Clock clock) {
		return new BoardBackend(properties.boards(), properties.imagesDir(), properties.workDir(),
				Duration.ofSeconds(30), Duration.ofSeconds(15), properties.stopInstancesOnShutdown(), clock);
	}

	@Override
	public synchronized StartResult start(InstanceSpec spec, ConsoleSink console) {
		Optional<BoardRun> existing = runOf(spec.id());
		if (existing.isPresent()) {
			return new StartResult.Started(existing.get().observe());
		}
		List<String> problems = new ArrayList<>();
		if (spec.id() == null) {
			problems.add("instance id is missing");
		}
		Optional<BootImage> image = BootImage.resolve(this.imagesDir, spec.image(), problems);
		if (!problems.isEmpty()) {
			return new StartResult.Invalid(String.join("; ", problems));
		}
		Optional<Board> free = this.boards.values()
			.stream()
			.filter((b) -> !this.runs.containsKey(b.name()))
			.findFirst();
		if (free.isEmpty()) {
			return new StartResult.Failed("no free board: all " + this.boards.size() + " boards run instances");
		}
		Board board = free.get();
		PowerSwitch power = power(board);
		BootImage boot;
		switch (image.get().withBootConfig(spec.bootConfig(), instanceDir(spec.id()))) {
			case BootImage.WithConfig.Ready(BootImage ready) -> boot = ready;
			case BootImage.WithConfig.Invalid(String reason) -> {
				return new StartResult.Invalid(reason);
			}
			case BootImage.WithConfig.Failed(String reason) -> {
				return new StartResult.Failed(reason);
			}
		}
		try {
			TftpStaging.stage(board, boot, spec, this.clock.instant());
		}
		catch (IOException ex) {
			return new StartResult.Failed("could not place the boot files in " + board.tftpDir() + ": " + ex);
		}
		// From a known state: whatever ran on the board before is gone.
		Optional<String> failed = power.off(spec.id());
		if (failed.isPresent()) {
			return new StartResult.Failed(failed.get());
		}
		BoardRun run;
		try {
			run = BoardRun.open(board.name(), spec, this.clock.instant(), this.serialLines.get(board.name()),
					instanceDir(spec.id()), false, console);
		}
		catch (IOException ex) {
			return new StartResult.Failed("could not record the console of board " + board.name() + ": " + ex);
		}
		failed = power.on(spec.id())
			.or(() -> run.awaitConnected(this.consoleTimeout) ? Optional.empty()
					: Optional.of("console " + this.serialLines.get(board.name()) + " of board " + board.name()
							+ " not reachable within " + this.consoleTimeout));
		if (failed.isEmpty()) {
			try {
				BoardHandle.of(board.name(), spec, run.observe().startedAt()).write(boardDir(board));
			}
			catch (IOException ex) {
				failed = Optional.of("could not write the handle of board " + board.name() + ": " + ex);
			}
		}
		if (failed.isPresent()) {
			power.off(spec.id());
			run.close();
			return new StartResult.Failed(failed.get());
		}
		this.runs.put(board.name(), run);
		logger.info("board {} ({}) powered on for instance {} (image {})", board.name(), board.type(), spec.id(),
				spec.image());
		return new StartResult.Started(run.observe());
	}

	@Override
	public synchronized void stop(UUID instanceId) {
		Optional<BoardRun> run = runOf(instanceId);
		if (run.isEmpty()) {
			return;
		}
		Board board = this.boards.get(run.get().board());
		power(board).off(instanceId)
			.ifPresent((why) -> logger.error("board {} may still run instance {}: {}", board.name(), instanceId, why));
		run.get().close();
		BoardHandle.delete(boardDir(board));
		this.runs.remove(board.name());
		logger.info("board {} powered off (instance {})", board.name(), instanceId);
	}

	/**
	 * Adopts the instance each board's handle names, reconnecting to its serial line
	 * (what the board wrote while no agent listened is lost); a board without a usable
	 * handle is powered off, so that nothing runs on it unseen.
	 */
	@Override
	public synchronized List<BackendInstance> recover(Function<InstanceSpec, ConsoleSink> consoles) {
		List<BackendInstance> adopted = new ArrayList<>();
		for (Board board : this.boards.values()) {
			Optional<BoardHandle> handle = BoardHandle.read(boardDir(board), board.name());
			if (handle.isPresent() && runOf(handle.get().instanceId()).isEmpty()) {
				InstanceSpec spec = handle.get().spec();
				try {
					BoardRun run = BoardRun.open(board.name(), spec, handle.get().poweredOnAt(),
							this.serialLines.get(board.name()), instanceDir(spec.id()), true, consoles.apply(spec));
					this.runs.put(board.name(), run);
					adopted.add(run.observe());
					logger.info("adopted instance {} on board {} from a previous agent", spec.id(), board.name());
					continue;
				}
				catch (IOException ex) {
					logger.warn("could not adopt instance {} on board {}: {}", spec.id(), board.name(), ex.toString());
				}
			}
			BoardHandle.delete(boardDir(board));
			power(board).off(null)
				.ifPresent((why) -> logger.warn("board {} could not be powered off: {}", board.name(), why));
		}
		return adopted;
	}

	@Override
	public synchronized Optional<BackendInstance> inspect(UUID instanceId) {
		return runOf(instanceId).map(BoardRun::observe);
	}

	@Override
	public synchronized List<BackendInstance> list() {
		return this.runs.values().stream().map(BoardRun::observe).toList();
	}

	@Override
	public synchronized Optional<Path> console(UUID instanceId) {
		return runOf(instanceId).map(BoardRun::consoleLog);
	}

	@Override
	public void writeConsole(UUID instanceId, byte[] bytes) throws IOException {
		Optional<BoardRun> run;
		synchronized (this) {
			run = runOf(instanceId);
		}
		if (run.isEmpty()) {
			throw new IOException("instance " + instanceId + " runs on no board of this node");
		}
		run.get().writeConsole(bytes);
	}

	/** {@code backend=board} and the board types this node has, comma separated. */
	@Override
	public Map<String, String> labels() {
		TreeSet<String> types = new TreeSet<>();
		this.boards.values().forEach((board) -> types.add(board.type()));
		return Map.of("backend", AgentProperties.BOARD, "board-type", String.join(",", types));
	}

	@Override
	public OptionalInt slots() {
		return OptionalInt.of(this.boards.size());
	}

	/**
	 * The agent shuts down: powers every busy board off, or, when configured to keep
	 * instances running, only lets go of their serial lines (their handles stay).
	 */
	@Override
	public synchronized void close() {
		for (BoardRun run : List.copyOf(this.runs.values())) {
			if (this.stopOnShutdown) {
				stop(run.spec().id());
			}
			else {
				run.close();
			}
		}
		this.runs.clear();
	}

	private Optional<BoardRun> runOf(UUID instanceId) {
		return this.runs.values().stream().filter((run) -> run.spec().id().equals(instanceId)).findFirst();
	}

	private PowerSwitch power(Board board) {
		return new PowerSwitch(board, boardDir(board), this.powerTimeout);
	}

	private Path boardDir(Board board) {
		return this.workDir.resolve("boards").resolve(board.name());
	}

	private Path instanceDir(UUID instanceId) {
		return this.workDir.resolve(instanceId.toString());
	}

}
