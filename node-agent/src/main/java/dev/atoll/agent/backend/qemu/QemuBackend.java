package dev.atoll.agent.backend.qemu;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.atoll.agent.backend.Backend;
import dev.atoll.agent.backend.BackendInstance;
import dev.atoll.agent.backend.ConsoleSink;
import dev.atoll.agent.backend.InstanceSpec;
import dev.atoll.agent.backend.StartResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs instances as {@code qemu-system-aarch64 -M virt} processes, one work directory
 * each. No QEMU outlives the agent: {@link #close()} stops every one it started.
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
	 * Kills QEMUs that a previous agent left running in this work directory (an agent
	 * killed with SIGKILL cannot stop them). Until adoption after a restart exists, an
	 * orphan is never left to run beside the instance the new agent will start.
	 */
	void reapOrphans() {
		if (!Files.isDirectory(this.settings.workDir())) {
			return;
		}
		try (DirectoryStream<Path> workDirs = Files.newDirectoryStream(this.settings.workDir())) {
			for (Path workDir : workDirs) {
				Path pidFile = workDir.resolve("qemu.pid");
				if (Files.isRegularFile(pidFile)) {
					orphanOf(workDir.getFileName().toString(), pidFile).ifPresent((orphan) -> {
						logger.warn("killing QEMU pid {} left running by a previous agent in {}", orphan.pid(),
								workDir);
						orphan.destroyForcibly();
						orphan.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally((ex) -> null).join();
					});
				}
			}
		}
		catch (IOException ex) {
			logger.warn("could not look for orphaned QEMUs in {}: {}", this.settings.workDir(), ex.toString());
		}
	}

	private static Optional<ProcessHandle> orphanOf(String instanceId, Path pidFile) {
		try {
			long pid = Long.parseLong(Files.readString(pidFile).trim());
			String marker = "-name atoll-" + instanceId;
			return ProcessHandle.of(pid)
				.filter(ProcessHandle::isAlive)
				.filter((process) -> process.info().command().orElse("").contains("qemu-system"))
				.filter((process) -> process.info().commandLine().orElse("").contains(marker));
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
		QemuLaunch launch;
		switch (QemuLaunch.validate(spec, this.settings)) {
			case QemuLaunch.Validation.Invalid(List<String> problems) -> {
				return new StartResult.Invalid(String.join("; ", problems));
			}
			case QemuLaunch.Validation.Valid(QemuLaunch valid) -> launch = valid;
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

	/** Stops every QEMU this backend started, in parallel. */
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
