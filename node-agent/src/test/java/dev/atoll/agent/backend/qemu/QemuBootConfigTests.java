package dev.atoll.agent.backend.qemu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import dev.atoll.agent.bootconfig.Cpio;
import dev.atoll.agent.reconcile.Reconciler;
import dev.atoll.agent.reconcile.RestartPolicy;
import dev.atoll.agent.reconcile.StatusUpdate;
import dev.atoll.agent.testing.DemoRuns;
import dev.atoll.api.ConditionType;
import dev.atoll.api.DesiredInstance;
import dev.atoll.api.InstanceCondition;
import dev.atoll.api.InstanceReport;
import dev.atoll.api.PersonalitySpec;
import dev.atoll.api.Phase;
import dev.atoll.api.RestartSpec;
import dev.atoll.api.ServiceSpec;
import dev.atoll.api.SystemSpec;
import dev.atoll.api.TaskReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Boot configurations from the control plane's JSON on real QEMU with the demo image: the
 * agent renders them into the initrd's {@code config} member, the root task builds
 * exactly that, Ready follows the telemetry; a new configuration reboots; a configuration
 * the root task rejects fails the instance with its reason.
 */
class QemuBootConfigTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final RestartSpec NEVER = new RestartSpec(dev.atoll.api.RestartPolicy.Never, 3, 100);

	/** The console its own task, a counter using it by IPC. */
	static final SystemSpec SPLIT = new SystemSpec(128,
			List.of(new PersonalitySpec("counter", "linux", "counter", 100, 131072L, List.of(), List.of(),
					List.of("uart"), NEVER)),
			List.of(new ServiceSpec("uart", "uart", "uart", List.of(), 200, 196608L, List.of("console"), List.of(),
					List.of(), NEVER)));

	/** The console linked into a counter, beside a second counter that has no console. */
	static final SystemSpec LINKED = new SystemSpec(128, List.of(
			new PersonalitySpec("counter", "linux", "counter", 100, 131072L, List.of(), List.of(), List.of(), NEVER),
			new PersonalitySpec("ticker", "linux", "counter", 90, 131072L, List.of(), List.of(), List.of(), NEVER)),
			List.of(new ServiceSpec("uart", "uart", "uart", List.of("counter"), null, null, List.of("console"),
					List.of(), List.of(), null)));

	@TempDir
	Path work;

	private QemuBackend backend;

	private Reconciler reconciler;

	private final List<UUID> started = new ArrayList<>();

	@BeforeEach
	void backendOnTheDemoImage() {
		this.backend = new QemuBackend(new QemuSettings("qemu-system-aarch64", DemoRuns.imagesDir(), this.work,
				Duration.ofSeconds(3), Duration.ofSeconds(15), true), Clock.systemUTC());
		this.reconciler = new Reconciler(this.backend, Clock.systemUTC(), RestartPolicy.DEFAULT);
	}

	@AfterEach
	void noQemuOutlivesTheTest() {
		this.backend.close();
		for (UUID id : this.started) {
			assertThat(QemuProcesses.of(id)).as("QEMU of %s after the test", id).isEmpty();
		}
	}

	@Test
	void theDeclaredTasksRunAndAreReadyThenANewConfigurationReboots() throws Exception {
		UUID id = newInstance();
		List<DesiredInstance> first = List.of(new DesiredInstance(id, "web", "web", "demo", 128, 1, 1, SPLIT, null));

		InstanceReport ready = await(first, id, (report) -> holds(report, ConditionType.Ready));

		assertThat(ready.phase()).isEqualTo(Phase.Running);
		assertThat(ready.tasks()).extracting(TaskReport::name).containsExactly("root", "uart", "counter");
		assertThat(ready.conditions()).allSatisfy((condition) -> assertThat(condition.status()).isTrue());
		assertThat(ready.consoleTail()).anyMatch((line) -> line.contains("system: initrd:config accepted"));
		Cpio.Listing initrd = Cpio.list(Files.readAllBytes(this.work.resolve(id.toString()).resolve("initrd.cpio")));
		assertThat(((Cpio.Listing.Members) initrd).members()).last()
			.satisfies((member) -> assertThat(member.name()).isEqualTo("config"));
		long pid = this.backend.inspect(id).orElseThrow().pid();

		List<DesiredInstance> second = List.of(new DesiredInstance(id, "web", "web", "demo", 128, 2, 2, LINKED, null));
		InstanceReport again = await(second, id,
				(report) -> report.generation() == 2 && holds(report, ConditionType.Ready));

		assertThat(this.backend.inspect(id).orElseThrow().pid()).as("rebooted on a new QEMU").isNotEqualTo(pid);
		assertThat(again.tasks()).extracting(TaskReport::name).containsExactly("root", "counter", "ticker");
		assertThat(condition(again, ConditionType.SplitApplied).message()).isEqualTo("2 task(s), 1 linked service(s)");
		assertThat(QemuProcesses.of(id)).hasSize(1);
	}

	@Test
	void aConfigurationTheRootTaskRejectsFailsTheInstanceWithItsReason() throws Exception {
		UUID id = newInstance();
		SystemSpec missing = new SystemSpec(128, List
			.of(new PersonalitySpec("web", "linux", "httpd", 100, 131072L, List.of(), List.of(), List.of(), NEVER)),
				List.of());
		List<DesiredInstance> desired = List
			.of(new DesiredInstance(id, "web", "web", "demo", 128, 1, 1, missing, null));

		InstanceReport failed = await(desired, id, (report) -> report.phase() == Phase.Failed);

		assertThat(failed.message()).startsWith("failure of the system under test: the root task rejected")
			.contains("missing-elf: web: no ELF named 'httpd'");
		InstanceCondition split = condition(failed, ConditionType.SplitApplied);
		assertThat(split.status()).isFalse();
		assertThat(split.reason()).isEqualTo("ConfigRejected");
		assertThat(condition(failed, ConditionType.Ready).status()).isFalse();
		assertThat(QemuProcesses.of(id)).as("a rejected configuration leaves no QEMU").isEmpty();
	}

	private UUID newInstance() {
		UUID id = UUID.randomUUID();
		this.started.add(id);
		return id;
	}

	private static boolean holds(InstanceReport report, ConditionType type) {
		return report.conditions().stream().anyMatch((c) -> c.type() == type && c.status());
	}

	private static InstanceCondition condition(InstanceReport report, ConditionType type) {
		return report.conditions().stream().filter((c) -> c.type() == type).findFirst().orElseThrow();
	}

	private InstanceReport await(List<DesiredInstance> desired, UUID id, Predicate<InstanceReport> condition)
			throws InterruptedException {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		InstanceReport report = null;
		while (System.nanoTime() < deadline) {
			this.reconciler.reconcile(desired);
			report = this.reconciler.statuses()
				.stream()
				.filter((update) -> update.instanceId().equals(id))
				.map(StatusUpdate::report)
				.findFirst()
				.orElseThrow();
			if (condition.test(report)) {
				return report;
			}
			this.reconciler.awaitChange(Duration.ofMillis(200));
		}
		return fail("instance %s did not get there within %s; last report: %s", id, TIMEOUT, report);
	}

}
