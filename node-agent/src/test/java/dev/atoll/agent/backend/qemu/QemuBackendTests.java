package dev.atoll.agent.backend.qemu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import dev.atoll.agent.backend.BackendInstance;
import dev.atoll.agent.backend.BootImage;
import dev.atoll.agent.backend.ConsoleSink;
import dev.atoll.agent.backend.InstanceSpec;
import dev.atoll.agent.backend.StartResult;
import dev.atoll.agent.console.ConsoleSnapshot;
import dev.atoll.agent.console.InstanceConsole;
import dev.atoll.agent.reconcile.Reconciler;
import dev.atoll.agent.reconcile.RestartPolicy;
import dev.atoll.agent.reconcile.StatusUpdate;
import dev.atoll.agent.system.ProcStat;
import dev.atoll.api.DesiredInstance;
import dev.atoll.api.InstanceReport;
import dev.atoll.api.Phase;
import dev.atoll.api.TaskReport;
import dev.atoll.agent.testing.DemoRuns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The QEMU backend with the real demo image ({@code make -C images}): boots it, decodes
 * its console, stops it, and sees it die. Every QEMU a test starts is gone after it.
 */
class QemuBackendTests {

	private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(60);

	private static final RestartPolicy ONE_QUICK_RESTART = new RestartPolicy(1, Duration.ofMillis(300),
			Duration.ofMillis(300));

	@TempDir
	Path work;

	private QemuBackend backend;

	private final List<UUID> started = new ArrayList<>();

	@BeforeEach
	void backendOnTheDemoImage() {
		// Deeper than a Unix socket path may be long: the backend must not care.
		this.work = this.work.resolve("a-work-directory-deep-enough".repeat(4));
		this.backend = newBackend();
	}

	@AfterEach
	void noQemuOutlivesTheTest() {
		this.backend.close();
		for (UUID id : this.started) {
			assertThat(QemuProcesses.of(id)).as("QEMU of %s after the test", id).isEmpty();
		}
	}

	@Test
	void bootsTheDemoImageDecodesItsConsoleAndStopsIt() throws Exception {
		UUID id = newInstance();
		InstanceConsole console = new InstanceConsole("demo", Clock.systemUTC(), () -> {
		});

		StartResult result = this.backend.start(new InstanceSpec(id, "demo", 128), DemoRuns.sink(console));

		assertThat(result).isInstanceOf(StartResult.Started.class);
		long pid = ((StartResult.Started) result).instance().pid();
		assertThat(QemuProcesses.of(id)).singleElement().satisfies((qemu) -> assertThat(qemu.pid()).isEqualTo(pid));
		ConsoleSnapshot snapshot = awaitConsole(console, (seen) -> rootTask(seen) != null);
		assertThat(snapshot.tail()).as("the kernel's boot line, plain text")
			.anyMatch((line) -> line.startsWith("[kernel] ") && line.contains("Atoll"));
		assertThat(snapshot.tail()).as("the root task's banner on the system channel")
			.anyMatch((line) -> line.startsWith("[system] ") && line.contains("Atoll"));
		TaskReport root = rootTask(snapshot);
		assertThat(root.kind()).isEqualTo("root");
		assertThat(root.memoryUsedBytes()).isPositive();
		assertThat(snapshot.frames().corrupt()).isZero();
		assertThat(Files.size(this.work.resolve(id.toString()).resolve("console.log"))).isPositive();
		assertThat(ProcStat.residentBytes(pid).orElseThrow()).as("QEMU resident memory (128 MB guest)")
			.isBetween(1L << 20, 512L << 20);
		assertThat(ProcStat.of(pid)).hasValueSatisfying((stat) -> assertThat(stat.cpuTicks()).isPositive());

		this.backend.stop(id);

		assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("QEMU process alive").isFalse();
		assertThat(QemuProcesses.of(id)).isEmpty();
		assertThat(this.backend.inspect(id)).isEmpty();
		this.backend.stop(id);
	}

	@Test
	void stopQuitsAtOnceUnlessTheImageDeclaresPowerdownWhichIsAskedFirst() throws Exception {
		Path images = this.work.resolveSibling("images");
		Files.createDirectories(images.resolve("declares"));
		for (String file : List.of(BootImage.KERNEL, BootImage.INITRD)) {
			Files.copy(DemoRuns.imagesDir().resolve("demo").resolve(file), images.resolve("declares").resolve(file));
		}
		// The demo kernel ignores the power button, so a declared powerdown times out:
		// the graceful request is sent and waited for (2/5 of the 3 s stop timeout).
		Files.writeString(images.resolve("declares").resolve(BootImage.DECLARATIONS), "powerdown=true\n");
		QemuBackend declaring = new QemuBackend(new QemuSettings("qemu-system-aarch64", images, this.work,
				Duration.ofSeconds(3), Duration.ofSeconds(15), true), Clock.systemUTC());
		UUID plain = newInstance();
		UUID declared = newInstance();
		InstanceConsole plainConsole = new InstanceConsole("plain", Clock.systemUTC(), () -> {
		});
		InstanceConsole declaredConsole = new InstanceConsole("declared", Clock.systemUTC(), () -> {
		});
		this.backend.start(new InstanceSpec(plain, "demo", 128), DemoRuns.sink(plainConsole));
		declaring.start(new InstanceSpec(declared, "declares", 128), DemoRuns.sink(declaredConsole));
		awaitConsole(plainConsole, (seen) -> rootTask(seen) != null);
		awaitConsole(declaredConsole, (seen) -> rootTask(seen) != null);

		long plainStop = timed(() -> this.backend.stop(plain));
		long declaredStop = timed(() -> declaring.stop(declared));

		assertThat(plainStop).as("ms to stop an image without powerdown (declared one: %d ms)", declaredStop)
			.isLessThan(1000);
		assertThat(declaredStop).as("ms to stop an image declaring powerdown: the request is waited for")
			.isGreaterThanOrEqualTo(1200);
		assertThat(QemuProcesses.of(plain)).isEmpty();
		assertThat(QemuProcesses.of(declared)).isEmpty();
	}

	private static long timed(Runnable action) {
		long start = System.nanoTime();
		action.run();
		return (System.nanoTime() - start) / 1_000_000;
	}

	@Test
	void startingARunningInstanceAgainLaunchesNothingNew() {
		UUID id = newInstance();
		InstanceConsole console = new InstanceConsole("demo", Clock.systemUTC(), () -> {
		});
		StartResult first = this.backend.start(new InstanceSpec(id, "demo", 128), DemoRuns.sink(console));

		StartResult second = this.backend.start(new InstanceSpec(id, "demo", 128), DemoRuns.sink(console));

		assertThat(second).isEqualTo(first);
		assertThat(QemuProcesses.of(id)).hasSize(1);
	}

	@Test
	void qemuKilledFromOutsideIsAnInfrastructureFailureRestartedOnceThenLeftFailed() throws Exception {
		UUID id = newInstance();
		Reconciler reconciler = new Reconciler(this.backend, Clock.systemUTC(), ONE_QUICK_RESTART);
		List<DesiredInstance> desired = List.of(new DesiredInstance(id, "crash", "demo", "demo", 128, 1));
		reconciler.reconcile(desired);
		awaitPhase(reconciler, desired, id, Phase.Running);
		long pid = this.backend.inspect(id).map(BackendInstance::pid).orElseThrow();

		ProcessHandle.of(pid).orElseThrow().destroyForcibly();

		InstanceReport failed = awaitPhase(reconciler, desired, id, Phase.Failed);
		assertThat(failed.message()).startsWith("infrastructure failure: ")
			.contains("exit code 137")
			.endsWith("restart 1 of 1 in 0.3s");
		assertThat(failed.consoleTail()).anyMatch((line) -> line.contains("Atoll"));
		assertThat(failed.tasks()).extracting(TaskReport::name).contains("root");
		awaitPhase(reconciler, desired, id, Phase.Running);
		long restarted = this.backend.inspect(id).map(BackendInstance::pid).orElseThrow();
		assertThat(restarted).isNotEqualTo(pid);
		assertThat(QemuProcesses.of(id)).hasSize(1);

		ProcessHandle.of(restarted).orElseThrow().destroyForcibly();

		InstanceReport limit = awaitPhase(reconciler, desired, id, Phase.Failed);
		assertThat(limit.message()).contains("restart limit 1 reached");
		Thread.sleep(1000);
		reconciler.reconcile(desired);
		assertThat(QemuProcesses.of(id)).as("not restarted past the limit").isEmpty();
		assertThat(reconciler.running()).isEmpty();

		reconciler.reconcile(List.of());
		assertThat(this.backend.list()).isEmpty();
	}

	@Test
	void kernelPanicIsAFailureOfTheSystemUnderTestAndItsQemuIsStopped() throws Exception {
		UUID id = newInstance();
		Path images = this.work.resolveSibling("images");
		Files.createDirectories(images.resolve("panics"));
		Files.copy(DemoRuns.imagesDir().resolve("demo/kernel.img"), images.resolve("panics/kernel.img"));
		Files.write(images.resolve("panics/initrd.cpio"), new byte[4096]);
		QemuBackend panics = new QemuBackend(new QemuSettings("qemu-system-aarch64", images, this.work,
				Duration.ofSeconds(3), Duration.ofSeconds(15), true), Clock.systemUTC());
		try {
			Reconciler reconciler = new Reconciler(panics, Clock.systemUTC(), ONE_QUICK_RESTART);
			List<DesiredInstance> desired = List.of(new DesiredInstance(id, "panics", "demo", "panics", 128, 1));

			InstanceReport failed = awaitPhase(reconciler, desired, id, Phase.Failed);

			assertThat(failed.message())
				.startsWith("failure of the system under test: the kernel halted: KERNEL PANIC: ")
				.endsWith("restart 1 of 1 in 0.3s");
			assertThat(failed.consoleTail()).anyMatch((line) -> line.startsWith("[kernel] KERNEL PANIC: "));
			assertThat(QemuProcesses.of(id)).as("QEMU of a halted kernel").isEmpty();
			long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
			InstanceReport last = failed;
			while (!last.message().contains("restart limit 1 reached") && System.nanoTime() < deadline) {
				reconciler.reconcile(desired);
				reconciler.awaitChange(Duration.ofMillis(100));
				last = reconciler.statuses().getFirst().report();
			}
			assertThat(last.message()).contains("KERNEL PANIC").contains("restart limit 1 reached");
			assertThat(QemuProcesses.of(id)).isEmpty();
		}
		finally {
			panics.close();
		}
	}

	@Test
	void instanceLeftRunningByAPreviousAgentIsAdoptedByTheNext() throws Exception {
		UUID id = newInstance();
		List<DesiredInstance> desired = List.of(new DesiredInstance(id, "survivor", "demo", "demo", 128, 3));
		Reconciler previous = new Reconciler(this.backend, Clock.systemUTC());
		previous.reconcile(desired);
		awaitPhase(previous, desired, id, Phase.Running);
		long pid = this.backend.inspect(id).map(BackendInstance::pid).orElseThrow();

		// The previous agent goes away without stopping anything (as kill -9 would).
		this.backend.detach();
		QemuBackend next = newBackend();
		this.backend = next;
		Reconciler reconciler = new Reconciler(next, Clock.systemUTC());

		assertThat(next.inspect(id)).hasValueSatisfying((adopted) -> {
			assertThat(adopted.pid()).isEqualTo(pid);
			assertThat(adopted.running()).isTrue();
			assertThat(adopted.spec()).isEqualTo(new InstanceSpec(id, "demo", 128, 3));
		});
		Instant adoptedAt = Instant.now();
		InstanceReport running = awaitPhase(reconciler, desired, id, Phase.Running);
		assertThat(running.telemetryAt()).as("telemetry decoded by the new agent").isAfter(adoptedAt);
		assertThat(running.tasks()).extracting(TaskReport::name).contains("root");
		assertThat(running.generation()).isEqualTo(3);
		assertThat(QemuProcesses.of(id)).singleElement().satisfies((qemu) -> assertThat(qemu.pid()).isEqualTo(pid));
		assertThat(reconciler.running()).containsExactly(id);

		reconciler.reconcile(List.of());
		assertThat(QemuProcesses.of(id)).as("an adopted QEMU stops like any other").isEmpty();
		assertThat(this.work.resolve(id.toString()).resolve(QemuHandle.FILE)).doesNotExist();
	}

	@Test
	void shutdownKeepsInstancesRunningWhenConfiguredToForTheNextAgent() {
		UUID id = newInstance();
		QemuBackend keeping = new QemuBackend(new QemuSettings("qemu-system-aarch64", DemoRuns.imagesDir(), this.work,
				Duration.ofSeconds(3), Duration.ofSeconds(15), false), Clock.systemUTC());
		this.backend = keeping;
		long pid = startAndAwaitHandle(id);

		keeping.shutdown();

		assertThat(QemuProcesses.of(id)).singleElement().satisfies((qemu) -> assertThat(qemu.pid()).isEqualTo(pid));
		assertThat(keeping.list()).isEmpty();
		this.backend = newBackend();
		assertThat(this.backend.recover((spec) -> DemoRuns.sink(new InstanceConsole("kept", Clock.systemUTC(), () -> {
		})))).singleElement().satisfies((adopted) -> assertThat(adopted.pid()).isEqualTo(pid));
	}

	@Test
	void adoptedInstanceThatIsNoLongerDesiredIsStopped() throws Exception {
		UUID id = newInstance();
		startAndAwaitHandle(id);
		this.backend.detach();
		this.backend = newBackend();
		Reconciler reconciler = new Reconciler(this.backend, Clock.systemUTC());
		assertThat(reconciler.running()).containsExactly(id);

		reconciler.reconcile(List.of());

		assertThat(QemuProcesses.of(id)).isEmpty();
		assertThat(this.backend.list()).isEmpty();
	}

	@Test
	void handleOfAnUnknownVersionIsRefusedAndItsQemuStopped() throws Exception {
		UUID id = newInstance();
		long pid = startAndAwaitHandle(id);
		this.backend.detach();
		Path handle = this.work.resolve(id.toString()).resolve(QemuHandle.FILE);
		Files.writeString(handle, Files.readString(handle).replace("\"version\":1", "\"version\":99"));

		this.backend = newBackend();
		List<BackendInstance> adopted = this.backend.recover((spec) -> DemoRuns.sink(null));

		assertThat(adopted).isEmpty();
		assertThat(ProcessHandle.of(pid).map(QemuInstance::alive).orElse(false)).as("QEMU alive").isFalse();
		assertThat(QemuProcesses.of(id)).isEmpty();
		assertThat(handle).doesNotExist();
	}

	@Test
	void handleWhosePidIsNowAnotherProcessIsRemovedAndThatProcessLeftAlone() throws Exception {
		UUID id = newInstance();
		startAndAwaitHandle(id);
		this.backend.close();
		Path handle = this.work.resolve(id.toString()).resolve(QemuHandle.FILE);
		long self = ProcessHandle.current().pid();
		new QemuHandle(QemuHandle.VERSION, id, 0, "demo", 128, self, 1, QemuLaunch.CONSOLE_SOCKET,
				QemuLaunch.QMP_SOCKET, Instant.now(), false, null)
			.write(this.work.resolve(id.toString()));

		this.backend = newBackend();

		assertThat(this.backend.recover((spec) -> DemoRuns.sink(null))).isEmpty();
		assertThat(handle).doesNotExist();
		assertThat(ProcessHandle.current().isAlive()).isTrue();
	}

	@Test
	void qemuWithoutAHandleIsKilledByTheNextAgent() throws Exception {
		UUID id = newInstance();
		long pid = startAndAwaitHandle(id);
		this.backend.detach();
		Files.delete(this.work.resolve(id.toString()).resolve(QemuHandle.FILE));

		this.backend = newBackend();

		assertThat(this.backend.recover((spec) -> DemoRuns.sink(null))).isEmpty();
		assertThat(ProcessHandle.of(pid).map(QemuInstance::alive).orElse(false)).as("orphan alive").isFalse();
		assertThat(QemuProcesses.of(id)).isEmpty();
	}

	private long startAndAwaitHandle(UUID id) {
		StartResult result = this.backend.start(new InstanceSpec(id, "demo", 128),
				DemoRuns.sink(new InstanceConsole("orphan", Clock.systemUTC(), () -> {
				})));
		assertThat(this.work.resolve(id.toString()).resolve(QemuHandle.FILE)).isRegularFile();
		return ((StartResult.Started) result).instance().pid();
	}

	private QemuBackend newBackend() {
		return new QemuBackend(new QemuSettings("qemu-system-aarch64", DemoRuns.imagesDir(), this.work,
				Duration.ofSeconds(3), Duration.ofSeconds(15), true), Clock.systemUTC());
	}

	@Test
	void invalidSpecLaunchesNothing() {
		UUID id = newInstance();

		StartResult result = this.backend.start(new InstanceSpec(id, "../demo", 16), DemoRuns.sink(null));

		assertThat(result).isInstanceOfSatisfying(StartResult.Invalid.class,
				(invalid) -> assertThat(invalid.reason()).contains("image name").contains("memory"));
		assertThat(this.backend.list()).isEmpty();
		assertThat(this.work.resolve(id.toString())).doesNotExist();
	}

	private UUID newInstance() {
		UUID id = UUID.randomUUID();
		this.started.add(id);
		return id;
	}

	private static InstanceReport awaitPhase(Reconciler reconciler, List<DesiredInstance> desired, UUID id, Phase phase)
			throws InterruptedException {
		long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
		InstanceReport report = null;
		while (System.nanoTime() < deadline) {
			reconciler.reconcile(desired);
			report = reconciler.statuses()
				.stream()
				.filter((update) -> update.instanceId().equals(id))
				.map(StatusUpdate::report)
				.findFirst()
				.orElseThrow();
			if (report.phase() == phase) {
				return report;
			}
			reconciler.awaitChange(Duration.ofMillis(200));
		}
		return fail("instance %s not %s within %s; last report: %s", id, phase, BOOT_TIMEOUT, report);
	}

	private static ConsoleSnapshot awaitConsole(InstanceConsole console, Predicate<ConsoleSnapshot> condition)
			throws InterruptedException {
		long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			ConsoleSnapshot snapshot = console.snapshot();
			if (condition.test(snapshot)) {
				return snapshot;
			}
			Thread.sleep(100);
		}
		return fail("console did not get there within %s: %s", BOOT_TIMEOUT, console.snapshot());
	}

	private static TaskReport rootTask(ConsoleSnapshot snapshot) {
		if (snapshot.lastRecord() == null) {
			return null;
		}
		return snapshot.lastRecord()
			.tasks()
			.stream()
			.filter((task) -> task.name().equals("root"))
			.findFirst()
			.orElse(null);
	}

}
