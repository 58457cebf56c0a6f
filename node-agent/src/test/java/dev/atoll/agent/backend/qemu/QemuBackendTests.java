package dev.atoll.agent.backend.qemu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import dev.atoll.agent.backend.BackendInstance;
import dev.atoll.agent.backend.ConsoleSink;
import dev.atoll.agent.backend.InstanceSpec;
import dev.atoll.agent.backend.StartResult;
import dev.atoll.agent.console.ConsoleSnapshot;
import dev.atoll.agent.console.InstanceConsole;
import dev.atoll.agent.reconcile.Reconciler;
import dev.atoll.agent.reconcile.StatusUpdate;
import dev.atoll.api.DesiredInstance;
import dev.atoll.api.InstanceReport;
import dev.atoll.api.Phase;
import dev.atoll.api.TaskReport;
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

	@TempDir
	Path work;

	private QemuBackend backend;

	private final List<UUID> started = new ArrayList<>();

	@BeforeEach
	void backendOnTheDemoImage() {
		// Deeper than a Unix socket path may be long: the backend must not care.
		this.work = this.work.resolve("a-work-directory-deep-enough".repeat(4));
		this.backend = new QemuBackend(new QemuSettings("qemu-system-aarch64", demoImagesDir(), this.work,
				Duration.ofSeconds(3), Duration.ofSeconds(15)), Clock.systemUTC());
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

		StartResult result = this.backend.start(new InstanceSpec(id, "demo", 128), sink(console));

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

		this.backend.stop(id);

		assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("QEMU process alive").isFalse();
		assertThat(QemuProcesses.of(id)).isEmpty();
		assertThat(this.backend.inspect(id)).isEmpty();
		this.backend.stop(id);
	}

	@Test
	void startingARunningInstanceAgainLaunchesNothingNew() {
		UUID id = newInstance();
		InstanceConsole console = new InstanceConsole("demo", Clock.systemUTC(), () -> {
		});
		StartResult first = this.backend.start(new InstanceSpec(id, "demo", 128), sink(console));

		StartResult second = this.backend.start(new InstanceSpec(id, "demo", 128), sink(console));

		assertThat(second).isEqualTo(first);
		assertThat(QemuProcesses.of(id)).hasSize(1);
	}

	@Test
	void qemuKilledFromOutsideIsFailedWithItsLastConsoleLines() throws Exception {
		UUID id = newInstance();
		Reconciler reconciler = new Reconciler(this.backend, Clock.systemUTC());
		List<DesiredInstance> desired = List.of(new DesiredInstance(id, "crash", "demo", "demo", 128, 1));
		reconciler.reconcile(desired);
		awaitPhase(reconciler, desired, id, Phase.Running);
		long pid = this.backend.inspect(id).map(BackendInstance::pid).orElseThrow();

		ProcessHandle.of(pid).orElseThrow().destroyForcibly();

		InstanceReport failed = awaitPhase(reconciler, desired, id, Phase.Failed);
		assertThat(failed.message()).contains("exit code 137");
		assertThat(failed.consoleTail()).anyMatch((line) -> line.contains("Atoll"));
		assertThat(failed.tasks()).extracting(TaskReport::name).contains("root");
		assertThat(reconciler.running()).isEmpty();
		reconciler.reconcile(desired);
		assertThat(QemuProcesses.of(id)).as("not restarted").isEmpty();

		reconciler.reconcile(List.of());
		assertThat(this.backend.list()).isEmpty();
	}

	@Test
	void qemuLeftRunningByAPreviousAgentIsKilledByTheNextOne() {
		UUID id = newInstance();
		QemuBackend previous = this.backend;
		StartResult result = previous.start(new InstanceSpec(id, "demo", 128),
				sink(new InstanceConsole("orphan", Clock.systemUTC(), () -> {
				})));
		long pid = ((StartResult.Started) result).instance().pid();
		awaitPidFile(id);

		QemuBackend next = new QemuBackend(new QemuSettings("qemu-system-aarch64", demoImagesDir(), this.work,
				Duration.ofSeconds(3), Duration.ofSeconds(15)), Clock.systemUTC());
		next.reapOrphans();

		assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("orphan alive").isFalse();
		assertThat(QemuProcesses.of(id)).isEmpty();
	}

	@Test
	void invalidSpecLaunchesNothing() {
		UUID id = newInstance();

		StartResult result = this.backend.start(new InstanceSpec(id, "../demo", 16), sink(null));

		assertThat(result).isInstanceOfSatisfying(StartResult.Invalid.class,
				(invalid) -> assertThat(invalid.reason()).contains("image name").contains("memory"));
		assertThat(this.backend.list()).isEmpty();
		assertThat(this.work.resolve(id.toString())).doesNotExist();
	}

	private void awaitPidFile(UUID id) {
		Path pidFile = this.work.resolve(id.toString()).resolve("qemu.pid");
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!Files.isRegularFile(pidFile) && System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
		assertThat(pidFile).isRegularFile();
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

	private static ConsoleSink sink(InstanceConsole console) {
		return new ConsoleSink() {

			@Override
			public void bytes(byte[] data, int from, int length) {
				console.feed(data, from, length);
			}

			@Override
			public void closed() {
				console.end();
			}

		};
	}

	/**
	 * The images directory the build passes in; fails (never skips) without the demo
	 * image.
	 */
	private static Path demoImagesDir() {
		String property = System.getProperty("atoll.images.dir");
		if (property == null || property.isBlank()) {
			return fail("system property atoll.images.dir is not set: run the tests through Maven");
		}
		Path imagesDir = Path.of(property);
		if (!Files.isRegularFile(imagesDir.resolve("demo/kernel.img"))
				|| !Files.isRegularFile(imagesDir.resolve("demo/initrd.cpio"))) {
			return fail("no demo image in " + imagesDir + ": run make -C images first");
		}
		return imagesDir;
	}

}
