package dev.atoll.it;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.atoll.api.CreateInstanceRequest;
import dev.atoll.api.InstanceEvent;
import dev.atoll.api.InstanceView;
import dev.atoll.api.NodeView;
import dev.atoll.api.Phase;
import dev.atoll.api.TaskList;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The control plane is stopped for 60 s and started again on the same database. The node
 * agent runs on alone: its instance keeps running, a crash in the meantime is restarted
 * by the agent's own policy, and once the control plane answers again the agent's status
 * catches up — the instance Running on the same node with tasks decoded after the restart
 * — and nothing is duplicated: one node, one instance, one QEMU, no rescheduling.
 */
class ControlPlaneOutageEndToEndTest extends EndToEndTest {

	private static final Duration OUTAGE = Duration.ofSeconds(60);

	@Test
	void instancesKeepRunningThroughASixtySecondOutageAndTheirStatusCatchesUpOnce() throws Exception {
		String name = "e2e-outage-" + UUID.randomUUID().toString().substring(0, 8);
		ApiClient.Reply created = this.api.createInstance(new CreateInstanceRequest(name, "demo", "demo", 128));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		UUID id = created.as(InstanceView.class).id();
		awaitTasksAfter(id, Instant.EPOCH);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.api.instance(id).as(InstanceView.class).phase() == Phase.Running);
		UUID node = this.api.instance(id).as(InstanceView.class).nodeId();
		long pid = QemuProcesses.of(id).getFirst().pid();

		Instant down = Instant.now();
		this.stack.stopControlPlane();

		// Alone, the agent still keeps its instances: a QEMU killed meanwhile is
		// restarted
		// by its own policy, without a word from the control plane.
		ProcessHandle.of(pid).orElseThrow().destroyForcibly();
		long restarted = await().atMost(Duration.ofSeconds(40))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> QemuProcesses.of(id), (qemus) -> qemus.size() == 1 && qemus.getFirst().pid() != pid)
			.getFirst()
			.pid();
		Thread.sleep(Math.max(0, Duration.between(Instant.now(), down.plus(OUTAGE)).toMillis()));
		assertThat(QemuProcesses.of(id))
			.as("the restarted QEMU, still running after %s without a control plane", OUTAGE)
			.singleElement()
			.satisfies((qemu) -> assertThat(qemu.pid()).isEqualTo(restarted));

		this.stack.restartControlPlane();
		Instant up = Instant.now();

		TaskList tasks = awaitTasksAfter(id, up);
		assertThat(tasks.tasks()).anyMatch((task) -> task.name().equals("root"));
		InstanceView after = await().atMost(Duration.ofSeconds(60))
			.until(() -> this.api.instance(id).as(InstanceView.class), (view) -> view.phase() == Phase.Running);
		assertThat(after.nodeId()).as("still on its node: the outage was the control plane's").isEqualTo(node);
		assertThat(after.bootCount()).as("placed once").isEqualTo(1);
		assertThat(this.api.events(id)).as(this.stack.logs())
			.extracting(InstanceEvent::reason)
			.containsExactly(InstanceEvent.Reason.Scheduled);
		List<NodeView> nodes = this.api.nodes();
		assertThat(nodes).as("the agent kept its node, it did not register another").singleElement();
		assertThat(this.api.instances()).filteredOn((instance) -> instance.name().equals(name)).hasSize(1);
		assertThat(QemuProcesses.of(id)).as("the same QEMU: the reconnection started nothing")
			.singleElement()
			.satisfies((qemu) -> assertThat(qemu.pid()).isEqualTo(restarted));

		assertThat(this.api.delete(id).status()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(QemuProcesses.of(id)).isEmpty();
			assertThat(this.api.instance(id).status()).isEqualTo(404);
		});
	}

	private TaskList awaitTasksAfter(UUID id, Instant after) {
		return await().atMost(BOOT_TIMEOUT)
			.pollInterval(Duration.ofMillis(500))
			.alias("tasks reported from inside instance " + id + " after " + after)
			.until(() -> this.api.tasks(id),
					(list) -> !list.tasks().isEmpty() && list.reportedAt() != null && list.reportedAt().isAfter(after));
	}

}
