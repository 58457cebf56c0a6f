package dev.atoll.agent.backend;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Function;

/**
 * Unit-test backend: remembers what it was told, runs nothing. Never for end-to-end
 * tests.
 */
public final class FakeBackend implements Backend {

	public final List<String> calls = new ArrayList<>();

	public final Map<UUID, Run> runs = new LinkedHashMap<>();

	public StartResult nextFailure;

	private long pids = 1000;

	@Override
	public StartResult start(InstanceSpec spec, ConsoleSink console) {
		this.calls.add("start " + spec.id());
		Run existing = this.runs.get(spec.id());
		if (existing != null && existing.exitCode == null) {
			return new StartResult.Started(existing.observe());
		}
		if (this.nextFailure != null) {
			StartResult failure = this.nextFailure;
			this.nextFailure = null;
			return failure;
		}
		Run run = new Run(spec, this.pids++, console);
		this.runs.put(spec.id(), run);
		return new StartResult.Started(run.observe());
	}

	/** Instances a previous agent left running: {@link #recover} adopts them. */
	public final List<InstanceSpec> leftRunning = new ArrayList<>();

	@Override
	public List<BackendInstance> recover(Function<InstanceSpec, ConsoleSink> consoles) {
		for (InstanceSpec spec : this.leftRunning) {
			this.runs.put(spec.id(), new Run(spec, this.pids++, consoles.apply(spec)));
		}
		return list();
	}

	@Override
	public Map<String, String> labels() {
		return Map.of("backend", "fake");
	}

	@Override
	public OptionalInt slots() {
		return OptionalInt.empty();
	}

	@Override
	public void stop(UUID instanceId) {
		this.calls.add("stop " + instanceId);
		Run run = this.runs.remove(instanceId);
		if (run != null) {
			run.console.closed();
		}
	}

	@Override
	public Optional<BackendInstance> inspect(UUID instanceId) {
		return Optional.ofNullable(this.runs.get(instanceId)).map(Run::observe);
	}

	@Override
	public List<BackendInstance> list() {
		return this.runs.values().stream().map(Run::observe).toList();
	}

	@Override
	public Optional<Path> console(UUID instanceId) {
		return Optional.empty();
	}

	@Override
	public void writeConsole(UUID instanceId, byte[] bytes) throws IOException {
		throw new IOException("the fake backend has no serial line");
	}

	/** The instance's process dies on its own. */
	public void crash(UUID instanceId, int exitCode) {
		Run run = this.runs.get(instanceId);
		run.exitCode = exitCode;
		run.console.closed();
	}

	public void console(UUID instanceId, byte[] bytes) {
		this.runs.get(instanceId).console.bytes(bytes, 0, bytes.length);
	}

	public long starts() {
		return this.calls.stream().filter((call) -> call.startsWith("start")).count();
	}

	public long stops() {
		return this.calls.stream().filter((call) -> call.startsWith("stop")).count();
	}

	public static final class Run {

		public final InstanceSpec spec;

		final long pid;

		final ConsoleSink console;

		Integer exitCode;

		Run(InstanceSpec spec, long pid, ConsoleSink console) {
			this.spec = spec;
			this.pid = pid;
			this.console = console;
		}

		BackendInstance observe() {
			return new BackendInstance(this.spec, this.pid, Instant.EPOCH,
					(this.exitCode != null) ? OptionalInt.of(this.exitCode) : OptionalInt.empty());
		}

	}

}
