package dev.atoll.agent.backend.qemu;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.atoll.agent.backend.Backend;
import dev.atoll.agent.backend.BackendInstance;
import dev.atoll.agent.backend.BootImage;
import dev.atoll.agent.backend.ConsoleSink;
import dev.atoll.agent.backend.InstanceSpec;
import dev.atoll.agent.backend.StartResult;
import dev.atoll.agent.system.AgentProperties;
import dev.atoll.agent.system.ProcStat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs instances as {@code qemu-system-aarch64 -M virt} processes, one work directory
 * each, each described by a {@link QemuHandle} so that a later agent can adopt it.
 * {@link #close()} stops every one; {@link #detach()} leaves them running.
 */
final class QemuBackend implements Backend, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(QemuBackend.class);

	private final QemuSettings settings;

	private final Clock clock;

	private final Map<UUID, QemuInstance> instances = new ConcurrentHashMap<>();

	QemuBackend(QemuSettings settings, Clock clock) {
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * Adopts the QEMUs a previous agent left running in this work directory. A work
	 * directory's {@code handle.json} names its QEMU by pid and start time; the process
	 * must still be that one and carry the instance's {@code -name} marker, else the
	 * handle is stale and removed. A handle of an unknown version is refused and its QEMU
	 * (if it still runs, with the marker) killed; so is a QEMU whose console cannot be
	 * reached, or one without a handle (its agent died before writing it). None is left
	 * running unseen, none is adopted twice.
	 */
	@Override
	public List<BackendInstance> recover(Function<InstanceSpec, ConsoleSink> consoles) {
		List<BackendInstance> adopted = new ArrayList<>();
		if (!Files.isDirectory(this.settings.workDir())) {
			return adopted;
		}
		try (DirectoryStream<Path> workDirs = Files.newDirectoryStream(this.settings.workDir(), Files::isDirectory)) {
			for (Path workDir : workDirs) {
				recoverOne(workDir.toAbsolutePath(), consoles).ifPresent(adopted::add);
			}
		}
		catch (IOException ex) {
			logger.warn("could not look for QEMUs of a previous agent in {}: {}", this.settings.workDir(),
					ex.toString());
		}
		return adopted;
	}

	private Optional<BackendInstance> recoverOne(Path workDir, Function<InstanceSpec, ConsoleSink> consoles) {
		String instanceId = workDir.getFileName().toString();
		if (!Files.exists(workDir.resolve(QemuHandle.FILE))) {
			// No handle: launched by an agent that died before writing it (or by an
			// agent before handles): nobody can adopt it.
			pidFromFile(workDir.resolve(QemuLaunch.PID_FILE))
				.ifPresent((pid) -> killIfOurs(pid, instanceId, "without a handle"));
			return Optional.empty();
		}
		switch (QemuHandle.read(workDir)) {
			case QemuHandle.Read.UnknownVersion(int version, long pid) -> {
				logger.warn("refusing handle version {} in {} (this agent reads version {}): stopping its QEMU",
						version, workDir, QemuHandle.VERSION);
				killIfOurs(pid, instanceId, "of an unknown handle version");
				QemuHandle.delete(workDir);
				return Optional.empty();
			}
			case QemuHandle.Read.Unreadable(String reason, long pid) -> {
				logger.warn("unreadable handle in {} ({}): stopping its QEMU, if any", workDir, reason);
				killIfOurs(pid, instanceId, "of an unreadable handle");
				QemuHandle.delete(workDir);
				return Optional.empty();
			}
			case QemuHandle.Read.Valid(QemuHandle handle) -> {
				return adopt(workDir, handle, consoles);
			}
		}
	}

	private Optional<BackendInstance> adopt(Path workDir, QemuHandle handle,
			Function<InstanceSpec, ConsoleSink> consoles) {
		UUID id = handle.instanceId();
		if (!workDir.getFileName().toString().equals(id.toString()) || this.instances.containsKey(id)) {
			logger.warn("handle in {} names instance {}: not adopted", workDir, id);
			QemuHandle.delete(workDir);
			return Optional.empty();
		}
		Optional<ProcessHandle> process = liveQemu(handle.pid(), id.toString()).filter((live) -> ProcStat.of(live.pid())
			.map((stat) -> stat.startTimeTicks() == handle.startTimeTicks())
			.orElse(false));
		if (process.isEmpty()) {
			logger.info("QEMU of instance {} (pid {}) is gone: removing its stale handle", id, handle.pid());
			QemuHandle.delete(workDir);
			return Optional.empty();
		}
		try {
			QemuInstance instance = QemuInstance.adopt(QemuLaunch.adopted(handle, workDir), handle, process.get(),
					consoles.apply(handle.spec()), this.settings.consoleTimeout());
			this.instances.put(id, instance);
			logger.info("adopted QEMU atoll-{} (pid {}, generation {}) left running by a previous agent", id,
					handle.pid(), handle.generation());
			return Optional.of(instance.observe());
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("could not reconnect to the console of QEMU atoll-{} (pid {}): killing it: {}", id,
					handle.pid(), ex.toString());
			kill(process.get());
			QemuHandle.delete(workDir);
			return Optional.empty();
		}
	}

	private static void killIfOurs(long pid, String instanceId, String why) {
		liveQemu(pid, instanceId).ifPresent((qemu) -> {
			logger.warn("killing QEMU pid {} (atoll-{}) {}", pid, instanceId, why);
			kill(qemu);
		});
	}

	private static void kill(ProcessHandle process) {
		process.destroyForcibly();
		QemuInstance.awaitExit(process, Duration.ofSeconds(10));
	}

	/** The live QEMU with that pid that carries the instance's marker. */
	private static Optional<ProcessHandle> liveQemu(long pid, String instanceId) {
		if (pid <= 0) {
			return Optional.empty();
		}
		String marker = "-name atoll-" + instanceId;
		return ProcessHandle.of(pid)
			.filter(QemuInstance::alive)
			.filter((process) -> process.info().command().orElse("").contains("qemu-system"))
			.filter((process) -> process.info().commandLine().orElse("").contains(marker));
	}

	private static Optional<Long> pidFromFile(Path pidFile) {
		try {
			return Optional.of(Long.parseLong(Files.readString(pidFile).trim()));
		}
		catch (IOException | NumberFormatException ex) {
			return Optional.empty();
		}
	}

	@Override
	public StartResult start(InstanceSpec spec, ConsoleSink console) {
		QemuInstance existing = (spec.id() != null) ? this.instances.get(spec.id()) : null;
		if (existing != null) {
			BackendInstance observed = existing.observe();
			if (observed.running()) {
				return new StartResult.Started(observed);
			}
			stop(spec.id());
		}
		QemuLaunch valid;
		BootImage image;
		switch (QemuLaunch.validate(spec, this.settings)) {
			case QemuLaunch.Validation.Invalid(List<String> problems) -> {
				return new StartResult.Invalid(String.join("; ", problems));
			}
			case QemuLaunch.Validation.Valid(QemuLaunch launch, BootImage resolved) -> {
				valid = launch;
				image = resolved;
			}
		}
		QemuLaunch launch;
		switch (image.withBootConfig(spec.bootConfig(), valid.workDir())) {
			case BootImage.WithConfig.Ready(BootImage ready) -> launch = valid.booting(ready);
			case BootImage.WithConfig.Invalid(String reason) -> {
				return new StartResult.Invalid(reason);
			}
			case BootImage.WithConfig.Failed(String reason) -> {
				return new StartResult.Failed(reason);
			}
		}
		try {
			QemuInstance instance = QemuInstance.launch(launch, console, this.clock.instant(),
					this.settings.consoleTimeout());
			this.instances.put(spec.id(), instance);
			BackendInstance observed = instance.observe();
			logger.info("launched QEMU {} (pid {}) in {}", launch.processName(), observed.pid(), launch.workDir());
			return new StartResult.Started(observed);
		}
		catch (IOException ex) {
			return new StartResult.Failed("could not launch QEMU: " + ex.getMessage());
		}
	}

	@Override
	public void stop(UUID instanceId) {
		QemuInstance instance = this.instances.get(instanceId);
		if (instance != null) {
			String how = instance.stop(this.settings.stopTimeout());
			this.instances.remove(instanceId, instance);
			logger.info("QEMU {} {}", instanceId, how);
		}
	}

	@Override
	public Optional<BackendInstance> inspect(UUID instanceId) {
		return Optional.ofNullable(this.instances.get(instanceId)).map(QemuInstance::observe);
	}

	@Override
	public List<BackendInstance> list() {
		return this.instances.values().stream().map(QemuInstance::observe).toList();
	}

	@Override
	public Optional<Path> console(UUID instanceId) {
		return Optional.ofNullable(this.instances.get(instanceId)).map(QemuInstance::consoleLog);
	}

	@Override
	public void writeConsole(UUID instanceId, byte[] bytes) throws IOException {
		QemuInstance instance = this.instances.get(instanceId);
		if (instance == null) {
			throw new IOException("instance " + instanceId + " does not run on this node");
		}
		instance.writeConsole(bytes);
	}

	@Override
	public Map<String, String> labels() {
		Map<String, String> labels = new TreeMap<>(Map.of("backend", AgentProperties.QEMU));
		QemuVersion.of(this.settings.binary()).ifPresent((version) -> labels.put("qemu", version));
		return labels;
	}

	@Override
	public OptionalInt slots() {
		return OptionalInt.empty();
	}

	/**
	 * The agent shuts down: stops every QEMU, or, when configured to keep them, only lets
	 * go of their consoles so that the next agent adopts them.
	 */
	void shutdown() {
		if (this.settings.stopInstancesOnShutdown()) {
			close();
		}
		else {
			detach();
		}
	}

	/**
	 * Lets go of every QEMU without stopping it; their handles stay for the next agent.
	 */
	void detach() {
		logger.info("leaving {} QEMU instance(s) running for the next agent", this.instances.size());
		for (QemuInstance instance : this.instances.values()) {
			instance.detach();
		}
		this.instances.clear();
	}

	/** Stops every QEMU this backend runs, in parallel. */
	@Override
	public void close() {
		List<UUID> running = new ArrayList<>(this.instances.keySet());
		if (running.isEmpty()) {
			return;
		}
		logger.info("stopping {} QEMU instance(s) before the agent exits", running.size());
		List<Thread> stoppers = running.stream()
			.map((id) -> Thread.ofVirtual().name("stop-" + id).start(() -> stop(id)))
			.toList();
		for (Thread stopper : stoppers) {
			try {
				stopper.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

}
