package dev.atoll.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.CreateInstanceRequest;
import dev.atoll.api.DesiredInstance;
import dev.atoll.api.InstanceView;
import dev.atoll.api.Role;
import tools.jackson.databind.JsonNode;

/**
 * The fleet benchmark (not a test; {@code control-plane/bench/fleet.sh} runs it):
 * simulated agents speaking the real agent protocol ({@link SimulatedAgent}) heartbeat
 * and report every instance's status and tasks every 10 s against a running control
 * plane, while a user calls the API. Each round measures twice on the same control plane
 * and data: first with the fleet quiet (heartbeats only: the reference), then with the
 * fleet reporting. Figures are medians over the rounds of each round's p50 and p99.
 *
 * <p>
 * Measured: API latency of list instances (one page of 100), get instance, create
 * instance; ingest lag, from a report's send to its message being visible through
 * {@code GET /instances/{id}} (probes) and through the instance watch stream (every
 * report); the agents' report latency and the achieved report rate; CPU of the control
 * plane JVM and of its PostgreSQL.
 *
 * <p>
 * usage: {@code FleetBenchmark <base url> <admin token> <control plane pid> <instances>
 * <instances per node> <rounds> <seconds per round>}
 */
public final class FleetBenchmark {

	private static final Duration REPORT_INTERVAL = Duration.ofSeconds(10);

	/** Between two rounds of calls of the simulated user, who is not a load generator. */
	private static final Duration THINK_TIME = Duration.ofMillis(100);

	private final String baseUrl;

	private final ApiClient api;

	private final long controlPlanePid;

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.version(HttpClient.Version.HTTP_1_1)
		.build();

	private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

	private final List<SimulatedAgent> agents = new ArrayList<>();

	private final AtomicBoolean reporting = new AtomicBoolean();

	private final AtomicBoolean stopped = new AtomicBoolean();

	/** Report message → nanoTime it was sent, until the watch stream shows it. */
	private final Map<String, Long> inFlight = new ConcurrentHashMap<>();

	private final AtomicLong reportSequence = new AtomicLong();

	private final AtomicLong reportsStored = new AtomicLong();

	private final AtomicLong reportsRefused = new AtomicLong();

	private volatile Samples reportLatency = new Samples();

	private volatile Samples watchLag = new Samples();

	private FleetBenchmark(String baseUrl, String adminToken, long controlPlanePid) {
		this.baseUrl = baseUrl;
		this.api = new ApiClient(baseUrl, adminToken);
		this.controlPlanePid = controlPlanePid;
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 7) {
			System.err.println("usage: FleetBenchmark <base url> <admin token> <control plane pid> <instances>"
					+ " <instances per node> <rounds> <seconds per round>");
			System.exit(2);
		}
		FleetBenchmark bench = new FleetBenchmark(args[0], args[1], Long.parseLong(args[2]));
		try {
			bench.run(Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]),
					Duration.ofSeconds(Integer.parseInt(args[6])));
		}
		finally {
			bench.stopped.set(true);
			bench.threads.shutdownNow();
		}
		System.exit(0);
	}

	private void run(int instances, int perNode, int rounds, Duration round) throws Exception {
		int nodes = (instances + perNode - 1) / perNode;
		System.out.printf("fleet: %d instances on %d simulated nodes (%d each), every instance reports every %d s%n",
				instances, nodes, perNode, REPORT_INTERVAL.toSeconds());
		long setup = System.nanoTime();
		setUp(instances, perNode, nodes);
		System.out.printf("setup: %d nodes registered, %d instances created and placed in %.1f s; %s%n", nodes,
				instances, (System.nanoTime() - setup) / 1e9, load());
		for (SimulatedAgent agent : this.agents) {
			this.threads.submit(() -> heartbeats(agent));
			this.threads.submit(() -> reports(agent));
		}
		this.threads.submit(this::watch);
		int created = 0;
		List<RoundFigures> quiet = new ArrayList<>();
		List<RoundFigures> busy = new ArrayList<>();
		for (int r = 1; r <= rounds; r++) {
			this.reporting.set(false);
			Thread.sleep(REPORT_INTERVAL.toMillis() / 2); // reports in flight drain
			RoundFigures calm = measure("quiet", r, round, created);
			created += calm.created;
			quiet.add(calm);
			this.reporting.set(true);
			Thread.sleep(REPORT_INTERVAL.toMillis()); // every instance reports once:
														// steady state
			RoundFigures loaded = measure("reporting", r, round, created);
			created += loaded.created;
			busy.add(loaded);
		}
		summary(instances, quiet, busy);
	}

	private void setUp(int instances, int perNode, int nodes) throws Exception {
		String join = this.api.createToken("bench-join-" + UUID.randomUUID().toString().substring(0, 8), Role.join);
		// Room for the instances the API calls create during the rounds, too.
		int slots = perNode * 2;
		List<Future<SimulatedAgent>> registered = new ArrayList<>();
		for (int n = 0; n < nodes; n++) {
			String name = "sim-%05d".formatted(n);
			registered
				.add(this.threads.submit(() -> SimulatedAgent.register(this.http, this.baseUrl, join, name, slots)));
		}
		for (Future<SimulatedAgent> agent : registered) {
			this.agents.add(agent.get());
		}
		Semaphore concurrency = new Semaphore(16);
		List<Future<Integer>> creations = new ArrayList<>();
		for (int i = 0; i < instances; i++) {
			String name = "fleet-%06d".formatted(i);
			concurrency.acquire();
			creations.add(this.threads.submit(() -> {
				try {
					return this.api.createInstance(new CreateInstanceRequest(name, "demo", "demo", 64)).status();
				}
				finally {
					concurrency.release();
				}
			}));
		}
		for (Future<Integer> status : creations) {
			if (status.get() != 201) {
				throw new IllegalStateException("creating an instance answered " + status.get());
			}
		}
		while (true) {
			List<Future<Integer>> beats = this.agents.stream()
				.map((agent) -> this.threads.submit(() -> agent.heartbeat().size()))
				.toList();
			int placed = 0;
			for (Future<Integer> beat : beats) {
				placed += beat.get();
			}
			if (placed >= instances) {
				return;
			}
			Thread.sleep(500);
		}
	}

	/** The agent's heartbeat loop, at the interval the control plane asks for. */
	private void heartbeats(SimulatedAgent agent) {
		while (!this.stopped.get()) {
			try {
				agent.heartbeat();
				Thread.sleep(1000);
			}
			catch (InterruptedException ex) {
				return;
			}
			catch (RuntimeException ex) {
				if (!this.stopped.get()) {
					System.err.println(ex.getMessage());
				}
			}
		}
	}

	/**
	 * The agent's report loop: each instance once per {@link #REPORT_INTERVAL}, spread
	 * evenly over it; a report that takes longer delays the next (as a real agent's
	 * would), so the achieved rate shows whether the control plane keeps up.
	 */
	private void reports(SimulatedAgent agent) {
		long next = System.nanoTime() + ThreadLocalRandom.current().nextLong(REPORT_INTERVAL.toNanos());
		while (!this.stopped.get()) {
			List<DesiredInstance> instances = agent.assigned();
			long spacing = REPORT_INTERVAL.toNanos() / Math.max(1, instances.size());
			for (DesiredInstance instance : instances) {
				try {
					long wait = next - System.nanoTime();
					if (wait > 0) {
						Thread.sleep(Duration.ofNanos(wait));
					}
					next += spacing;
					if (!this.reporting.get()) {
						continue;
					}
					String message = "r" + this.reportSequence.incrementAndGet();
					long sent = System.nanoTime();
					this.inFlight.put(message, sent);
					int status = agent.report(instance, message);
					this.reportLatency.add(System.nanoTime() - sent);
					if (status == 204) {
						this.reportsStored.incrementAndGet();
					}
					else {
						this.inFlight.remove(message);
						this.reportsRefused.incrementAndGet();
					}
				}
				catch (InterruptedException ex) {
					return;
				}
				catch (RuntimeException ex) {
					if (!this.stopped.get()) {
						System.err.println(ex.getMessage());
					}
				}
			}
			if (instances.isEmpty()) {
				next += REPORT_INTERVAL.toNanos();
			}
		}
	}

	/** Reads the instance watch stream; each report's message seen there is its lag. */
	private void watch() {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.baseUrl + ApiPaths.WATCH_INSTANCES))
			.header(ApiPaths.AUTHORIZATION, this.api.authorization())
			.header("Accept", "text/event-stream")
			.build();
		try {
			HttpResponse<Stream<String>> response = this.http.send(request, HttpResponse.BodyHandlers.ofLines());
			response.body().filter((line) -> line.startsWith("data:")).forEach((line) -> {
				long now = System.nanoTime();
				JsonNode message = SimulatedAgent.JSON.readTree(line.substring(5)).path("object").path("message");
				Long sent = this.inFlight.remove(message.asString(""));
				if (sent != null) {
					this.watchLag.add(now - sent);
				}
			});
		}
		catch (IOException ex) {
			if (!this.stopped.get()) {
				System.err.println("watch stream ended: " + ex);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** One round of API calls and ingest probes, as one user would make them. */
	private RoundFigures measure(String label, int round, Duration length, int createdBefore) {
		Samples list = new Samples();
		Samples get = new Samples();
		Samples create = new Samples();
		Samples delete = new Samples();
		Samples probeLag = new Samples();
		this.reportLatency = new Samples();
		this.watchLag = new Samples();
		long storedBefore = this.reportsStored.get();
		Cpu cpuBefore = Cpu.of(this.controlPlanePid);
		String loadBefore = load();
		long start = System.nanoTime();
		long end = start + length.toNanos();
		int created = 0;
		while (System.nanoTime() < end) {
			list.time(() -> expect(this.api.get(ApiPaths.INSTANCES + "?limit=100"), 200));
			List<DesiredInstance> someNode = this.agents.get(ThreadLocalRandom.current().nextInt(this.agents.size()))
				.assigned();
			if (!someNode.isEmpty()) {
				DesiredInstance instance = someNode.get(ThreadLocalRandom.current().nextInt(someNode.size()));
				get.time(() -> expect(this.api.instance(instance.id()), 200));
			}
			String name = "api-%06d".formatted(createdBefore + created++);
			ApiClient.Reply reply = create
				.time(() -> this.api.createInstance(new CreateInstanceRequest(name, "demo", "demo", 64)));
			expect(reply, 201);
			// Deleted again, so that the fleet keeps its size.
			delete.time(() -> expect(this.api.delete(reply.as(InstanceView.class).id()), 202));
			probe().ifPresent(probeLag::add);
			pause(THINK_TIME);
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		Cpu cpu = Cpu.of(this.controlPlanePid).minus(cpuBefore);
		double offered = this.agents.stream().mapToInt((agent) -> agent.assigned().size()).sum()
				/ (double) REPORT_INTERVAL.toSeconds();
		RoundFigures figures = new RoundFigures(list, get, create, delete, probeLag, this.reportLatency, this.watchLag,
				(this.reportsStored.get() - storedBefore) / seconds, offered, cpu.jvm / seconds, cpu.postgres / seconds,
				cpu.bench / seconds, created);
		System.out.printf("round %d %-9s: list %s | get %s | create %s | delete %s | probe lag %s | watch lag %s |"
				+ " reports %.0f/s (PUT %s) | CPU: JVM %.2f, PostgreSQL %.2f, simulated fleet %.2f cores | %s -> %s%n",
				round, label, list, get, create, delete, probeLag, this.watchLag, figures.reportsPerSecond,
				this.reportLatency, figures.jvmCores, figures.postgresCores, figures.benchCores, loadBefore, load());
		return figures;
	}

	/**
	 * Sends one report through a random node's agent and polls the instance until the API
	 * shows it.
	 * @return nanoseconds from send to visible; empty when no instance is placed yet
	 */
	private Optional<Long> probe() {
		SimulatedAgent agent = this.agents.get(ThreadLocalRandom.current().nextInt(this.agents.size()));
		List<DesiredInstance> assigned = agent.assigned();
		if (assigned.isEmpty()) {
			return Optional.empty();
		}
		DesiredInstance instance = assigned.get(ThreadLocalRandom.current().nextInt(assigned.size()));
		String message = "probe-" + UUID.randomUUID();
		long sent = System.nanoTime();
		if (agent.report(instance, message) != 204) {
			return Optional.empty();
		}
		long deadline = sent + Duration.ofSeconds(30).toNanos();
		while (System.nanoTime() < deadline) {
			ApiClient.Reply reply = this.api.instance(instance.id());
			if (reply.status() == 200 && message.equals(reply.as(InstanceView.class).message())) {
				return Optional.of(System.nanoTime() - sent);
			}
		}
		throw new IllegalStateException("report " + message + " not visible after 30 s");
	}

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	private static void expect(ApiClient.Reply reply, int status) {
		if (reply.status() != status) {
			throw new IllegalStateException("expected " + status + ", got " + reply.status() + ": " + reply.body());
		}
	}

	private void summary(int instances, List<RoundFigures> quiet, List<RoundFigures> busy) {
		System.out.printf(
				"%nsummary, %d instances: medians over %d rounds of each round's p50 / p99 (ms);"
						+ " reference: the same calls with the fleet quiet (heartbeats only)%n",
				instances, busy.size());
		System.out.printf("%-26s %-22s %-22s %s%n", "", "fleet quiet (ref)", "fleet reporting", "ratio p50, p99");
		row("list instances (100)", quiet, busy, (f) -> f.list);
		row("get instance", quiet, busy, (f) -> f.get);
		row("create instance", quiet, busy, (f) -> f.create);
		row("delete instance", quiet, busy, (f) -> f.delete);
		row("ingest lag, API poll", quiet, busy, (f) -> f.probeLag);
		System.out.printf("%-26s %-22s %-22s%n", "ingest lag, watch stream", "-",
				pair(median(busy, (f) -> f.watchLag.percentile(50)), median(busy, (f) -> f.watchLag.percentile(99))));
		System.out.printf("%-26s %-22s %-22s%n", "report PUT (agent)", "-",
				pair(median(busy, (f) -> f.reportLatency.percentile(50)),
						median(busy, (f) -> f.reportLatency.percentile(99))));
		System.out.printf("%-26s %-22s %.0f/s of %.0f/s offered%n", "reports stored", "-",
				median(busy, (f) -> f.reportsPerSecond), median(busy, (f) -> f.offeredPerSecond));
		System.out.printf("%-26s %-22s %-22s%n", "CPU cores: JVM, PG, fleet",
				"%.2f, %.2f, %.2f".formatted(median(quiet, (f) -> f.jvmCores), median(quiet, (f) -> f.postgresCores),
						median(quiet, (f) -> f.benchCores)),
				"%.2f, %.2f, %.2f".formatted(median(busy, (f) -> f.jvmCores), median(busy, (f) -> f.postgresCores),
						median(busy, (f) -> f.benchCores)));
		System.out.printf("host: %d CPUs, %s%n", Runtime.getRuntime().availableProcessors(), load());
	}

	private static void row(String name, List<RoundFigures> quiet, List<RoundFigures> busy,
			Function<RoundFigures, Samples> samples) {
		double q50 = median(quiet, (f) -> samples.apply(f).percentile(50));
		double q99 = median(quiet, (f) -> samples.apply(f).percentile(99));
		double b50 = median(busy, (f) -> samples.apply(f).percentile(50));
		double b99 = median(busy, (f) -> samples.apply(f).percentile(99));
		System.out.printf("%-26s %-22s %-22s %.1fx, %.1fx%n", name, pair(q50, q99), pair(b50, b99), b50 / q50,
				b99 / q99);
	}

	private static String pair(double p50, double p99) {
		return "%.1f / %.1f".formatted(p50, p99);
	}

	private static double median(List<RoundFigures> rounds, ToDoubleFunction<RoundFigures> value) {
		double[] values = rounds.stream().mapToDouble(value).sorted().toArray();
		return values[(values.length - 1) / 2];
	}

	private static String load() {
		try {
			String[] avg = Files.readString(Path.of("/proc/loadavg")).split(" ");
			return "load " + avg[0] + " " + avg[1] + " " + avg[2];
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The figures of one round. */
	private record RoundFigures(Samples list, Samples get, Samples create, Samples delete, Samples probeLag,
			Samples reportLatency, Samples watchLag, double reportsPerSecond, double offeredPerSecond, double jvmCores,
			double postgresCores, double benchCores, int created) {
	}

	/** Latencies in nanoseconds; percentiles in milliseconds (nearest rank). */
	private static final class Samples {

		private final List<Long> nanos = Collections.synchronizedList(new ArrayList<>());

		void add(long value) {
			this.nanos.add(value);
		}

		void time(Runnable call) {
			time(() -> {
				call.run();
				return null;
			});
		}

		<T> T time(Supplier<T> call) {
			long start = System.nanoTime();
			T result = call.get();
			add(System.nanoTime() - start);
			return result;
		}

		double percentile(int p) {
			List<Long> sorted;
			synchronized (this.nanos) {
				sorted = new ArrayList<>(this.nanos);
			}
			if (sorted.isEmpty()) {
				return Double.NaN;
			}
			Collections.sort(sorted);
			int rank = (int) Math.ceil(p / 100.0 * sorted.size());
			return sorted.get(Math.max(0, rank - 1)) / 1e6;
		}

		@Override
		public String toString() {
			return "%.1f/%.1f ms n=%d".formatted(percentile(50), percentile(99), this.nanos.size());
		}

	}

	/** CPU time (seconds) of the control plane JVM and of its PostgreSQL processes. */
	private record Cpu(double jvm, double postgres, double bench) {

		static Cpu of(long pid) {
			double ticks = 100.0; // USER_HZ on Linux
			double jvm = ticks(pid) / ticks;
			double postgres = ProcessHandle.of(pid)
				.map((handle) -> handle.descendants().mapToLong((child) -> ticks(child.pid())).sum())
				.orElse(0L) / ticks;
			return new Cpu(jvm, postgres, ticks(ProcessHandle.current().pid()) / ticks);
		}

		Cpu minus(Cpu before) {
			return new Cpu(this.jvm - before.jvm, this.postgres - before.postgres, this.bench - before.bench);
		}

		/** utime + stime plus the reaped children's, in clock ticks. */
		private static long ticks(long pid) {
			try {
				String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
				String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
				return Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
						+ Long.parseLong(fields[14]);
			}
			catch (IOException | RuntimeException gone) {
				return 0;
			}
		}

	}

}
