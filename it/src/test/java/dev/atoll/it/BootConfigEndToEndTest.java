package dev.atoll.it;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.ConditionType;
import dev.atoll.api.CreateInstanceRequest;
import dev.atoll.api.EndpointReport;
import dev.atoll.api.InstanceCondition;
import dev.atoll.api.InstanceEvent;
import dev.atoll.api.InstanceView;
import dev.atoll.api.Phase;
import dev.atoll.api.TaskReport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Boot configurations from the control plane end to end: a system made through the API,
 * an instance booting its revision under QEMU with exactly the declared tasks and Ready;
 * the next revision applied to the instance reboots it into the new split, Ready again; a
 * revision the root task rejects fails the instance with its reason and an event.
 */
class BootConfigEndToEndTest extends EndToEndTest {

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
	void anInstanceRunsItsRevisionsDeclaredTasksAndRebootsIntoTheNextRevision() {
		created(this.api.post(ApiPaths.SYSTEMS, "{\"name\": \"counting\", \"spec\": " + SPLIT + "}"), 201);
		created(this.api.patch(ApiPaths.SYSTEM.replace("{name}", "counting"), "{\"spec\": " + LINKED + "}"), 200);
		long launched = System.nanoTime();
		UUID id = created(this.api
			.createInstance(new CreateInstanceRequest("counting-1", "counting", "demo", 128, null, null, 1, null)), 201)
			.as(InstanceView.class)
			.id();

		InstanceView ready = awaitInstance(id, (view) -> isReady(view));
		long revisionToReady = Duration.ofNanos(System.nanoTime() - launched).toMillis();

		assertThat(ready.phase()).isEqualTo(Phase.Running);
		assertThat(ready.conditions()).extracting(InstanceCondition::type)
			.containsExactly(ConditionType.Scheduled, ConditionType.Booted, ConditionType.SplitApplied,
					ConditionType.Ready);
		assertThat(ready.conditions()).allSatisfy((condition) -> assertThat(condition.status()).isTrue());
		assertThat(this.api.tasks(id).tasks()).extracting(TaskReport::name).containsExactly("root", "uart", "counter");
		// The uart's endpoint, its history and the console, read through the control
		// plane.
		List<EndpointReport> endpoints = await().atMost(BOOT_TIMEOUT)
			.until(() -> this.api.endpoints(id).endpoints(), (found) -> !found.isEmpty());
		assertThat(endpoints).singleElement().satisfies((uart) -> {
			assertThat(uart.name()).isEqualTo("uart");
			assertThat(uart.server()).isEqualTo("uart");
			assertThat(uart.clients()).containsExactly("counter");
		});
		assertThat(this.api.history(id).samples()).isNotEmpty()
			.allSatisfy((sample) -> assertThat(sample.tasks()).extracting(TaskReport::name).contains("uart"));
		assertThat(this.api.consoleLines(id, "source=system&lines=10", 10)).first()
			.asString()
			.startsWith("Atoll root task");
		assertThat(this.api.consoleLines(id, "source=system&lines=1&follow=true", 1)).singleElement()
			.asString()
			.startsWith("system: initrd:config accepted: uart(service, own task) counter(task)");
		long firstPid = QemuProcesses.of(id).getFirst().pid();

		InstanceView patched = created(
				this.api.patch(ApiPaths.INSTANCE.replace("{instanceId}", id.toString()), "{\"systemRevision\": 2}"),
				200)
			.as(InstanceView.class);
		assertThat(patched.generation()).isEqualTo(ready.generation() + 1);
		InstanceView again = awaitInstance(id, (view) -> view.generation() == patched.generation() && isReady(view));

		assertThat(again.systemRevision()).isEqualTo(2);
		assertThat(this.api.tasks(id).tasks()).extracting(TaskReport::name)
			.containsExactly("root", "counter", "ticker");
		assertThat(condition(again, ConditionType.SplitApplied).message()).isEqualTo("2 task(s), 1 linked service(s)");
		assertThat(QemuProcesses.of(id)).as("one QEMU, a new one")
			.singleElement()
			.satisfies((qemu) -> assertThat(qemu.pid()).isNotEqualTo(firstPid));
		assertThat(this.api.events(id)).extracting(InstanceEvent::reason)
			.contains(InstanceEvent.Reason.RevisionChanged);

		// The reference, in the same run: an instance booting the image's own
		// configuration.
		long ownLaunched = System.nanoTime();
		UUID own = created(this.api
			.createInstance(new CreateInstanceRequest("own-1", "demo", "demo", 128, null, null, null, null)), 201)
			.as(InstanceView.class)
			.id();
		awaitInstance(own, BootConfigEndToEndTest::isReady);
		long ownToReady = Duration.ofNanos(System.nanoTime() - ownLaunched).toMillis();
		System.out.printf("launch to Ready through the API: system revision %d ms, image's own configuration %d ms%n",
				revisionToReady, ownToReady);
		assertThat(this.api.delete(own).status()).isEqualTo(202);
		assertThat(this.api.delete(id).status()).isEqualTo(202);
	}

	@Test
	void aRevisionTheRootTaskRejectsFailsTheInstanceWithItsReasonAndAnEvent() {
		created(this.api.post(ApiPaths.SYSTEMS, "{\"name\": \"broken\", \"spec\": "
				+ SPLIT.replace("\"program\": \"counter\"", "\"program\": \"httpd\"") + "}"), 201);
		UUID id = created(this.api
			.createInstance(new CreateInstanceRequest("broken-1", "broken", "demo", 128, null, null, 1, null)), 201)
			.as(InstanceView.class)
			.id();

		InstanceView failed = awaitInstance(id, (view) -> view.phase() == Phase.Failed);

		assertThat(failed.message()).contains("the root task rejected the boot configuration")
			.contains("no ELF named 'httpd'");
		InstanceCondition split = condition(failed, ConditionType.SplitApplied);
		assertThat(split.status()).isFalse();
		assertThat(split.reason()).isEqualTo("ConfigRejected");
		assertThat(condition(failed, ConditionType.Ready).status()).isFalse();
		assertThat(this.api.events(id)).filteredOn((event) -> event.reason() == InstanceEvent.Reason.ConfigRejected)
			.singleElement()
			.satisfies((event) -> assertThat(event.message()).contains("missing-elf"));
		assertThat(QemuProcesses.of(id)).as("a rejected configuration leaves no QEMU").isEmpty();
		assertThat(this.api.delete(id).status()).isEqualTo(202);
	}

	private static boolean isReady(InstanceView view) {
		return view.observedGeneration() == view.generation() && view.conditions()
			.stream()
			.anyMatch((condition) -> condition.type() == ConditionType.Ready && condition.status());
	}

	private static InstanceCondition condition(InstanceView view, ConditionType type) {
		return view.conditions().stream().filter((c) -> c.type() == type).findFirst().orElseThrow();
	}

	private InstanceView awaitInstance(UUID id, Predicate<InstanceView> condition) {
		return await().atMost(BOOT_TIMEOUT)
			.pollInterval(Duration.ofMillis(200))
			.alias("instance " + id)
			.until(() -> this.api.instance(id).as(InstanceView.class), condition::test);
	}

	private static ApiClient.Reply created(ApiClient.Reply reply, int status) {
		assertThat(reply.status()).as(reply.body()).isEqualTo(status);
		return reply;
	}

}
