package dev.atoll.it;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.ConditionType;
import dev.atoll.api.CreateInstanceRequest;
import dev.atoll.api.InstanceView;
import dev.atoll.api.RolloutState;
import dev.atoll.api.RolloutView;
import dev.atoll.api.TaskReport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rollouts end to end, real agent and QEMU: two instances move to the next revision one
 * batch at a time, each rebooted into the new split and Ready before the next moves; a
 * revision the root task rejects never becomes Ready, so the rollout rolls the instance
 * it moved back, and that instance boots its previous revision and is Ready again.
 */
class RolloutEndToEndTest extends EndToEndTest {

	/** The console its own task, a counter calling it by IPC. */
	private static final String SPLIT = """
			{"memoryMb": 128,
			 "personalities": [{"name": "counter", "kind": "linux", "program": "counter",
			                    "memoryBudgetBytes": 131072, "uses": ["uart"]}],
			 "services": [{"name": "uart", "kind": "uart", "priority": 200, "memoryBudgetBytes": 196608,
			               "devices": ["console"]}]}""";

	/** The console linked into the counter, and a second counter beside it. */
	private static final String LINKED = """
			{"memoryMb": 128,
			 "personalities": [{"name": "counter", "kind": "linux", "program": "counter",
			                    "memoryBudgetBytes": 262144, "uses": ["uart"]},
			                   {"name": "ticker", "kind": "linux", "program": "counter", "priority": 90,
			                    "memoryBudgetBytes": 131072}],
			 "services": [{"name": "uart", "kind": "uart", "linkedInto": ["counter"], "devices": ["console"]}]}""";

	@Test
	void aRolloutRebootsEachInstanceIntoTheNewSplitAndABrokenRevisionIsRolledBack() {
		created(this.api.post(ApiPaths.SYSTEMS, "{\"name\": \"fleet\", \"spec\": " + SPLIT + "}"), 201);
		created(this.api.patch(ApiPaths.SYSTEM.replace("{name}", "fleet"), "{\"spec\": " + LINKED + "}"), 200);
		created(this.api.patch(ApiPaths.SYSTEM.replace("{name}", "fleet"),
				"{\"spec\": " + SPLIT.replace("\"program\": \"counter\"", "\"program\": \"httpd\"") + "}"), 200);
		// The reference, in the same run: one instance launched alone, to Ready.
		long launched = System.nanoTime();
		UUID first = launch("fleet-1");
		awaitInstance(first, RolloutEndToEndTest::isReady);
		long bootMs = Duration.ofNanos(System.nanoTime() - launched).toMillis();
		List<UUID> ids = List.of(first, launch("fleet-2"));
		awaitInstance(ids.get(1), RolloutEndToEndTest::isReady);

		long started = System.nanoTime();
		RolloutView moving = created(
				this.api.post(ApiPaths.ROLLOUTS,
						"{\"system\": \"fleet\", \"toRevision\": 2, \"batchSize\": 1, \"maxUnavailable\": 1,"
								+ " \"healthTimeoutSeconds\": " + BOOT_TIMEOUT.toSeconds() + "}"),
				201)
			.as(RolloutView.class);
		RolloutView done = awaitRollout(moving.id(), (view) -> view.state().isTerminal());
		long rolloutMs = Duration.ofNanos(System.nanoTime() - started).toMillis();

		assertThat(done.state()).as(done.message()).isEqualTo(RolloutState.Succeeded);
		for (UUID id : ids) {
			InstanceView instance = this.api.instance(id).as(InstanceView.class);
			assertThat(instance.systemRevision()).isEqualTo(2);
			assertThat(isReady(instance)).isTrue();
			assertThat(this.api.tasks(id).tasks()).extracting(TaskReport::name)
				.containsExactly("root", "counter", "ticker");
		}

		RolloutView broken = created(
				this.api.post(ApiPaths.ROLLOUTS,
						"{\"system\": \"fleet\", \"toRevision\": 3, \"batchSize\": 1, \"healthTimeoutSeconds\": 20}"),
				201)
			.as(RolloutView.class);
		RolloutView rolledBack = awaitRollout(broken.id(), (view) -> view.state().isTerminal());

		assertThat(rolledBack.state()).as(rolledBack.message()).isEqualTo(RolloutState.RolledBack);
		RolloutView.Target moved = rolledBack.batches().getFirst().instances().getFirst();
		assertThat(moved.reason()).contains("health gate failed").contains("moved back to revision 2");
		InstanceView back = awaitInstance(moved.instanceId(), (view) -> view.systemRevision() == 2 && isReady(view));
		assertThat(back.generation()).isEqualTo(4);
		assertThat(this.api.tasks(moved.instanceId()).tasks()).extracting(TaskReport::name)
			.containsExactly("root", "counter", "ticker");
		UUID second = rolledBack.batches().get(1).instances().getFirst().instanceId();
		assertThat(this.api.instance(second).as(InstanceView.class).generation()).as("never moved").isEqualTo(2);
		System.out.printf(
				"rollout of 2 instances in batches of 1, each rebooted to Ready: %d ms; one instance launched to Ready"
						+ " (reference): %d ms; rollout / (2 x reference) = %.2f%n",
				rolloutMs, bootMs, rolloutMs / (2.0 * bootMs));
		ids.forEach((id) -> assertThat(this.api.delete(id).status()).isEqualTo(202));
	}

	private UUID launch(String name) {
		return created(
				this.api.createInstance(new CreateInstanceRequest(name, "fleet", "demo", 128, null, null, 1, null)),
				201)
			.as(InstanceView.class)
			.id();
	}

	private static boolean isReady(InstanceView view) {
		return view.observedGeneration() == view.generation() && view.conditions()
			.stream()
			.anyMatch((condition) -> condition.type() == ConditionType.Ready && condition.status());
	}

	private InstanceView awaitInstance(UUID id, Predicate<InstanceView> condition) {
		return await().atMost(BOOT_TIMEOUT)
			.pollInterval(Duration.ofMillis(200))
			.alias("instance " + id)
			.until(() -> this.api.instance(id).as(InstanceView.class), condition::test);
	}

	private RolloutView awaitRollout(UUID id, Predicate<RolloutView> condition) {
		return await().atMost(BOOT_TIMEOUT.multipliedBy(3))
			.pollInterval(Duration.ofMillis(500))
			.alias("rollout " + id)
			.until(() -> this.api.get(ApiPaths.ROLLOUT.replace("{rolloutId}", id.toString())).as(RolloutView.class),
					condition::test);
	}

	private static ApiClient.Reply created(ApiClient.Reply reply, int status) {
		assertThat(reply.status()).as(reply.body()).isEqualTo(status);
		return reply;
	}

}
