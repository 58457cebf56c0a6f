package dev.atoll.agent.reconcile;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.atoll.agent.backend.FakeBackend;
import dev.atoll.agent.testing.MutableClock;
import dev.atoll.api.ConditionType;
import dev.atoll.api.DesiredInstance;
import dev.atoll.api.InstanceCondition;
import dev.atoll.api.InstanceReport;
import dev.atoll.api.PersonalitySpec;
import dev.atoll.api.Phase;
import dev.atoll.api.ServiceSpec;
import dev.atoll.api.SystemSpec;
import org.junit.jupiter.api.Test;

import static dev.atoll.agent.console.FrameEncoder.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class ConditionsTests {

	private static final SystemSpec SPLIT = new SystemSpec(256,
			List.of(new PersonalitySpec("app", "linux", "svctest", 100, 131072L, List.of(), List.of(),
					List.of("uart", "fs"), null)),
			List.of(new ServiceSpec("uart", "uart", null, List.of(), 200, 131072L, List.of("console"), List.of(),
					List.of(), null),
					new ServiceSpec("fs", "fs", null, List.of("app"), null, null, List.of(), List.of(), List.of(),
							null)));

	private static final String ROOT = "task name=root kind=root state=running prio=255\n";

	private final MutableClock clock = new MutableClock();

	private final FakeBackend backend = new FakeBackend();

	private final Reconciler reconciler = new Reconciler(this.backend, this.clock);

	private final DesiredInstance instance = new DesiredInstance(UUID.randomUUID(), "web", "web", "demo", 256, 1, 1,
			SPLIT, null);

	@Test
	void beforeTelemetryNothingHolds() {
		this.reconciler.reconcile(List.of(this.instance));

		assertThat(report().conditions()).extracting(InstanceCondition::type, InstanceCondition::status)
			.containsExactly(tuple(ConditionType.Booted, false), tuple(ConditionType.SplitApplied, false),
					tuple(ConditionType.Ready, false));
	}

	@Test
	void readyWhenEveryDeclaredTaskRunsWithItsDeclaredPlacement() {
		this.reconciler.reconcile(List.of(this.instance));
		long before = status().revision();

		telemetry(0, ROOT + "task name=uart kind=service state=running\ntask name=app kind=program state=running\n"
				+ "linked name=fs user=app calls=1 errors=0\ntotal tasks=3\n");

		assertThat(condition(ConditionType.Booted).status()).isTrue();
		assertThat(condition(ConditionType.SplitApplied).status()).isTrue();
		InstanceCondition ready = condition(ConditionType.Ready);
		assertThat(ready.status()).isTrue();
		assertThat(ready.message()).isEqualTo("2 of 2 declared task(s) running");
		assertThat(ready.lastTransitionTime()).isEqualTo(this.clock.instant());
		assertThat(status().revision()).isGreaterThan(before);
	}

	@Test
	void aDeclaredTaskNotRunningIsNotReadyAndTheTransitionTimeMoves() {
		this.reconciler.reconcile(List.of(this.instance));
		telemetry(0, ROOT + "task name=uart kind=service state=running\ntask name=app kind=program state=running\n"
				+ "linked name=fs user=app\ntotal\n");
		InstanceCondition wasReady = condition(ConditionType.Ready);
		this.clock.advance(Duration.ofSeconds(5));

		telemetry(1, ROOT + "task name=uart kind=service state=restarting\ntask name=app kind=program state=running\n"
				+ "linked name=fs user=app\ntotal\n");

		InstanceCondition ready = condition(ConditionType.Ready);
		assertThat(ready.status()).isFalse();
		assertThat(ready.reason()).isEqualTo("TasksNotRunning");
		assertThat(ready.message()).isEqualTo("waiting for uart (restarting)");
		assertThat(ready.lastTransitionTime()).isAfter(wasReady.lastTransitionTime());
		assertThat(condition(ConditionType.SplitApplied).status()).isTrue();
	}

	@Test
	void aPlacementOtherThanDeclaredIsNoSplitApplied() {
		this.reconciler.reconcile(List.of(this.instance));

		telemetry(0, ROOT + "task name=uart kind=service state=running\ntask name=app kind=program state=running\n"
				+ "task name=fs kind=service state=running\ntotal\n");

		InstanceCondition split = condition(ConditionType.SplitApplied);
		assertThat(split.status()).isFalse();
		assertThat(split.reason()).isEqualTo("Mismatch");
		assertThat(split.message()).isEqualTo("missing fs linked into app; not declared fs (service)");
		assertThat(condition(ConditionType.Ready).status()).isFalse();
	}

	@Test
	void aRecordMissingItsLastPartChangesNothingYet() {
		this.reconciler.reconcile(List.of(this.instance));
		telemetry(0, ROOT + "task name=uart kind=service state=running\ntask name=app kind=program state=running\n"
				+ "linked name=fs user=app\ntotal\n");

		telemetry(1, ROOT + "task name=uart kind=service state=running\n");

		assertThat(condition(ConditionType.Ready).status()).isTrue();
	}

	@Test
	void aRejectedConfigurationIsNotAppliedWithTheRootTasksReason() {
		this.reconciler.reconcile(List.of(this.instance));

		this.backend.console(this.instance.id(),
				frame(0, "boot config initrd:config rejected: app: no ELF named 'svctest'\n"));
		telemetry(0, ROOT + "config state=rejected error=missing-elf\n");

		InstanceCondition split = condition(ConditionType.SplitApplied);
		assertThat(split.status()).isFalse();
		assertThat(split.reason()).isEqualTo("ConfigRejected");
		assertThat(split.message()).isEqualTo("missing-elf: app: no ELF named 'svctest'");
		assertThat(condition(ConditionType.Ready).reason()).isEqualTo("ConfigRejected");
		InstanceReport report = report();
		assertThat(report.phase()).isEqualTo(Phase.Failed);
		assertThat(report.message()).contains("the root task rejected the boot configuration")
			.contains("app: no ELF named 'svctest'")
			.contains("not restarting");
		assertThat(this.backend.runs).isEmpty();

		this.clock.advance(Duration.ofMinutes(10));
		this.reconciler.reconcile(List.of(this.instance));
		assertThat(this.backend.starts()).isOne();
		DesiredInstance fixed = new DesiredInstance(this.instance.id(), "web", "web", "demo", 256, 2, 2, SPLIT, null);
		this.reconciler.reconcile(List.of(fixed));
		assertThat(this.backend.starts()).isEqualTo(2);
	}

	@Test
	void theImagesOwnConfigurationIsReadyWhenEveryTaskItReportsRuns() {
		DesiredInstance own = new DesiredInstance(UUID.randomUUID(), "demo", "demo", "demo", 128, 1);
		this.reconciler.reconcile(List.of(own));

		this.backend.console(own.id(), frame(1, "atoll-telemetry 1 seq=0 uptime_ms=1\n" + ROOT
				+ "task name=counter kind=program state=running\ntotal\n"));
		this.reconciler.reconcile(List.of(own));

		InstanceReport report = this.reconciler.statuses().get(0).report();
		assertThat(report.conditions()).allSatisfy((condition) -> assertThat(condition.status()).isTrue());
	}

	@Test
	void aNewGenerationOfTheSameMachineIsActedOnWithoutARestart() {
		this.reconciler.reconcile(List.of(this.instance));
		telemetry(0, ROOT + "task name=uart kind=service state=running\ntask name=app kind=program state=running\n"
				+ "linked name=fs user=app\ntotal\n");
		DesiredInstance next = new DesiredInstance(this.instance.id(), "web", "web", "demo", 256, 2, 1, SPLIT, null);

		this.reconciler.reconcile(List.of(next));

		assertThat(this.backend.starts()).isOne();
		assertThat(report().generation()).isEqualTo(2);
		assertThat(condition(ConditionType.Ready).status()).isTrue();
	}

	private void telemetry(long seq, String lines) {
		this.backend.console(this.instance.id(),
				frame(1, "atoll-telemetry 1 seq=" + seq + " uptime_ms=" + seq * 1000 + "\n" + lines));
		this.reconciler.reconcile(List.of(this.instance));
	}

	private InstanceCondition condition(ConditionType type) {
		return report().conditions().stream().filter((c) -> c.type() == type).findFirst().orElseThrow();
	}

	private InstanceReport report() {
		return status().report();
	}

	private StatusUpdate status() {
		return this.reconciler.statuses()
			.stream()
			.filter((update) -> update.instanceId().equals(this.instance.id()))
			.findFirst()
			.orElseThrow();
	}

}
