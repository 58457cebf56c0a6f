package dev.atoll.agent.reconcile;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.atoll.agent.backend.FakeBackend;
import dev.atoll.agent.backend.InstanceSpec;
import dev.atoll.agent.backend.StartResult;
import dev.atoll.api.DesiredInstance;
import dev.atoll.api.InstanceReport;
import dev.atoll.api.Phase;
import org.junit.jupiter.api.Test;
import dev.atoll.agent.testing.MutableClock;
import static dev.atoll.agent.console.FrameEncoder.frame;

import static org.assertj.core.api.Assertions.assertThat;

class ReconcilerTests {

	private final MutableClock clock = new MutableClock();

	private final FakeBackend backend = new FakeBackend();

	private final Reconciler reconciler = new Reconciler(this.backend, this.clock);

	private final DesiredInstance first = desired("first", 1);

	private final DesiredInstance second = desired("second", 1);

	@Test
	void startsWhatIsDesiredAndMissing() {
		this.reconciler.reconcile(List.of(this.first, this.second));

		assertThat(this.backend.runs).containsOnlyKeys(this.first.id(), this.second.id());
		assertThat(report(this.first).phase()).isEqualTo(Phase.Booting);
		assertThat(this.reconciler.running()).containsExactlyInAnyOrder(this.first.id(), this.second.id());
	}

	@Test
	void repeatingAPassChangesNothing() {
		this.reconciler.reconcile(List.of(this.first));
		long revision = status(this.first).revision();

		this.reconciler.reconcile(List.of(this.first));
		this.reconciler.reconcile(List.of(this.first));

		assertThat(this.backend.starts()).isOne();
		assertThat(this.backend.stops()).isZero();
		assertThat(status(this.first).revision()).isEqualTo(revision);
	}

	@Test
	void stopsWhatRunsAndIsNoLongerDesired() {
		this.reconciler.reconcile(List.of(this.first, this.second));

		this.reconciler.reconcile(List.of(this.second));

		assertThat(this.backend.runs).containsOnlyKeys(this.second.id());
		assertThat(report(this.first).phase()).isEqualTo(Phase.Stopped);
		assertThat(report(this.second).phase()).isEqualTo(Phase.Booting);
	}

	@Test
	void stoppedInstanceIsForgottenOnceItsReportWentOut() {
		this.reconciler.reconcile(List.of(this.first));
		this.reconciler.reconcile(List.of());
		StatusUpdate last = status(this.first);
		assertThat(last.changed()).isTrue();

		this.reconciler.reported(this.first.id(), last.revision());

		assertThat(this.reconciler.statuses()).isEmpty();
	}

	@Test
	void becomesRunningWhenTheFirstTelemetryRecordArrives() {
		this.reconciler.reconcile(List.of(this.first));

		this.backend.console(this.first.id(),
				frame(1, "atoll-telemetry 1 seq=0 uptime_ms=1\ntask name=root kind=root state=running prio=255 "
						+ "mem_used=100 mem_budget=200\n"));
		this.reconciler.reconcile(List.of(this.first));

		InstanceReport report = report(this.first);
		assertThat(report.phase()).isEqualTo(Phase.Running);
		assertThat(report.tasks()).singleElement().satisfies((task) -> assertThat(task.name()).isEqualTo("root"));
		assertThat(report.telemetryAt()).isEqualTo(this.clock.instant());
	}

	@Test
	void instanceLeftRunningByAPreviousAgentIsAdoptedNotStartedAgain() {
		FakeBackend restarted = new FakeBackend();
		restarted.leftRunning.add(new InstanceSpec(this.first.id(), "demo", 128, 1));
		restarted.leftRunning.add(new InstanceSpec(this.second.id(), "demo", 128, 1));
		Reconciler reconciler = new Reconciler(restarted, this.clock);
		assertThat(reconciler.running()).containsExactlyInAnyOrder(this.first.id(), this.second.id());

		reconciler.reconcile(List.of(this.first));
		restarted.console(this.first.id(), frame(1, "atoll-telemetry 1 seq=7 uptime_ms=1\ntask name=root\n"));
		reconciler.reconcile(List.of(this.first));

		assertThat(restarted.starts()).isZero();
		assertThat(restarted.calls).containsExactly("stop " + this.second.id());
		assertThat(restarted.runs).containsOnlyKeys(this.first.id());
		assertThat(reconciler.statuses()).singleElement().satisfies((update) -> {
			assertThat(update.instanceId()).isEqualTo(this.first.id());
			assertThat(update.report().phase()).isEqualTo(Phase.Running);
			assertThat(update.report().tasks()).extracting((task) -> task.name()).containsExactly("root");
		});
	}

	@Test
	void aBootWithoutATelemetryRecordWithinTheTimeoutIsACrashAndRestarted() {
		this.reconciler.reconcile(List.of(this.first));
		this.backend.console(this.first.id(), "Atoll kernel booting\n".getBytes(StandardCharsets.US_ASCII));
		this.clock.advance(Reconciler.DEFAULT_BOOT_TIMEOUT.minusSeconds(1));
		this.reconciler.reconcile(List.of(this.first));
		assertThat(report(this.first).phase()).isEqualTo(Phase.Booting);

		this.clock.advance(Duration.ofSeconds(1));
		this.reconciler.reconcile(List.of(this.first));

		InstanceReport failed = report(this.first);
		assertThat(failed.phase()).isEqualTo(Phase.Failed);
		assertThat(failed.message()).startsWith("failure of the system under test: no telemetry record within 60 s")
			.contains("last console line: [kernel] Atoll kernel booting")
			.endsWith("restart 1 of 3 in 2.0s");
		assertThat(this.backend.runs).isEmpty();
		this.clock.advance(Duration.ofSeconds(2));
		this.reconciler.reconcile(List.of(this.first));
		assertThat(this.backend.starts()).isEqualTo(2);
		assertThat(report(this.first).phase()).isEqualTo(Phase.Booting);
	}

	@Test
	void startFailureIsReportedAndRetriedWithBackoff() {
		this.backend.nextFailure = new StartResult.Invalid("image 'nope' not found");

		this.reconciler.reconcile(List.of(this.first));

		InstanceReport report = report(this.first);
		assertThat(report.phase()).isEqualTo(Phase.Failed);
		assertThat(report.message()).contains("image 'nope' not found").contains("attempt 1");
		this.reconciler.reconcile(List.of(this.first));
		assertThat(this.backend.starts()).as("no retry before the backoff elapsed").isOne();

		this.clock.advance(InstanceState.FIRST_RETRY);
		this.reconciler.reconcile(List.of(this.first));

		assertThat(this.backend.starts()).isEqualTo(2);
		assertThat(report(this.first).phase()).isEqualTo(Phase.Booting);
	}

	@Test
	void repeatedStartFailuresBackOffExponentially() {
		for (int attempt = 1; attempt <= 3; attempt++) {
			this.backend.nextFailure = new StartResult.Failed("boom");
			this.reconciler.reconcile(List.of(this.first));
			this.clock.advance(Duration.ofSeconds(1L << (attempt - 1)).minusMillis(1));
			this.reconciler.reconcile(List.of(this.first));
			assertThat(this.backend.starts()).isEqualTo(attempt);
			this.clock.advance(Duration.ofMillis(1));
		}
		assertThat(report(this.first).message()).contains("attempt 3");
	}

	@Test
	void unexpectedExitIsAnInfrastructureFailureRestartedWithBackoffUpToTheLimit() {
		this.reconciler.reconcile(List.of(this.first));
		this.backend.console(this.first.id(), "Atoll kernel v0\npanic: oops\n".getBytes(StandardCharsets.US_ASCII));

		this.backend.crash(this.first.id(), 137);
		this.reconciler.reconcile(List.of(this.first));

		InstanceReport report = report(this.first);
		assertThat(report.phase()).isEqualTo(Phase.Failed);
		assertThat(report.message()).startsWith("infrastructure failure: ")
			.contains("exit code 137")
			.contains("signal 9")
			.endsWith("restart 1 of 3 in 2.0s");
		assertThat(report.consoleTail()).containsExactly("[kernel] Atoll kernel v0", "[kernel] panic: oops");
		this.clock.advance(Duration.ofMillis(1999));
		this.reconciler.reconcile(List.of(this.first));
		assertThat(this.backend.starts()).as("before the delay").isOne();

		for (long delay : new long[] { 1, 4000, 8000 }) {
			this.clock.advance(Duration.ofMillis(delay));
			this.reconciler.reconcile(List.of(this.first));
			assertThat(report(this.first).phase()).isEqualTo(Phase.Booting);
			this.backend.crash(this.first.id(), 1);
			this.reconciler.reconcile(List.of(this.first));
		}

		assertThat(this.backend.starts()).isEqualTo(4);
		assertThat(report(this.first).message())
			.endsWith("restart limit 3 reached: not restarting before its desired generation changes");
		for (int i = 0; i < 5; i++) {
			this.clock.advance(Duration.ofMinutes(5));
			this.reconciler.reconcile(List.of(this.first));
		}
		assertThat(this.backend.starts()).isEqualTo(4);
		assertThat(this.reconciler.running()).isEmpty();
	}

	@Test
	void withRestartsOffACrashedInstanceStaysFailed() {
		Reconciler never = new Reconciler(this.backend, this.clock, RestartPolicy.NEVER);
		never.reconcile(List.of(this.first));
		this.backend.crash(this.first.id(), 1);

		for (int i = 0; i < 5; i++) {
			this.clock.advance(Duration.ofMinutes(5));
			never.reconcile(List.of(this.first));
		}

		assertThat(this.backend.starts()).isOne();
		assertThat(never.statuses()).singleElement()
			.satisfies((update) -> assertThat(update.report().message())
				.isEqualTo("infrastructure failure: QEMU exited unexpectedly with exit code 1; restarts are off: "
						+ "not restarting before its desired generation changes"));
	}

	@Test
	void kernelThatHaltsIsAFailureOfTheSystemUnderTestItsQemuStoppedAndRestarted() {
		this.reconciler.reconcile(List.of(this.first));

		this.backend.console(this.first.id(), "Atoll kernel v0\nKERNEL PANIC: root task: no memory\nkernel: halted\n"
			.getBytes(StandardCharsets.US_ASCII));
		this.reconciler.reconcile(List.of(this.first));

		InstanceReport report = report(this.first);
		assertThat(report.phase()).isEqualTo(Phase.Failed);
		assertThat(report.message()).isEqualTo("failure of the system under test: the kernel halted: "
				+ "KERNEL PANIC: root task: no memory; restart 1 of 3 in 2.0s");
		assertThat(this.backend.calls).containsExactly("start " + this.first.id(), "stop " + this.first.id());
		assertThat(report.consoleTail()).contains("[kernel] kernel: halted");

		this.clock.advance(Duration.ofSeconds(2));
		this.reconciler.reconcile(List.of(this.first));

		assertThat(this.backend.starts()).isEqualTo(2);
		assertThat(report(this.first).phase()).isEqualTo(Phase.Booting);
	}

	@Test
	void guestThatShutsItselfDownIsAFailureOfTheSystemUnderTest() {
		this.reconciler.reconcile(List.of(this.first));

		this.backend.crash(this.first.id(), 0);
		this.reconciler.reconcile(List.of(this.first));

		assertThat(report(this.first).message()).startsWith("failure of the system under test: the guest shut down");
	}

	@Test
	void failedInstanceStartsAgainWhenANewGenerationIsDesired() {
		this.reconciler.reconcile(List.of(this.first));
		this.backend.crash(this.first.id(), 1);
		this.reconciler.reconcile(List.of(this.first));

		DesiredInstance next = new DesiredInstance(this.first.id(), "first", "demo", "demo", 128, 2);
		this.reconciler.reconcile(List.of(next));

		assertThat(this.backend.starts()).isEqualTo(2);
		assertThat(report(next).phase()).isEqualTo(Phase.Booting);
		assertThat(report(next).generation()).isEqualTo(2);
	}

	@Test
	void changedSpecReplacesTheRunningInstance() {
		this.reconciler.reconcile(List.of(this.first));

		DesiredInstance bigger = new DesiredInstance(this.first.id(), "first", "demo", "demo", 256, 2);
		this.reconciler.reconcile(List.of(bigger));

		assertThat(this.backend.runs.get(this.first.id()).spec.memoryMb()).isEqualTo(256);
		assertThat(this.backend.calls).containsExactly("start " + this.first.id(), "stop " + this.first.id(),
				"start " + this.first.id());
	}

	@Test
	void failedInstanceThatIsNoLongerDesiredIsCleanedUpAndStopped() {
		this.reconciler.reconcile(List.of(this.first));
		this.backend.crash(this.first.id(), 1);
		this.reconciler.reconcile(List.of(this.first));

		this.reconciler.reconcile(List.of());

		assertThat(this.backend.runs).isEmpty();
		assertThat(report(this.first).phase()).isEqualTo(Phase.Stopped);
	}

	@Test
	void consoleActivityWakesTheSessionUp() throws InterruptedException {
		this.reconciler.reconcile(List.of(this.first));
		this.reconciler.awaitChange(Duration.ZERO);

		this.backend.console(this.first.id(), frame(1, "atoll-telemetry 1 seq=0 uptime_ms=1\n"));

		long before = System.nanoTime();
		this.reconciler.awaitChange(Duration.ofSeconds(5));
		assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(4));
	}

	private InstanceReport report(DesiredInstance instance) {
		return status(instance).report();
	}

	private StatusUpdate status(DesiredInstance instance) {
		return this.reconciler.statuses()
			.stream()
			.filter((update) -> update.instanceId().equals(instance.id()))
			.findFirst()
			.orElseThrow();
	}

	private static DesiredInstance desired(String name, long generation) {
		return new DesiredInstance(UUID.randomUUID(), name, "demo", "demo", 128, generation);
	}

}
