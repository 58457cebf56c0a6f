package dev.atoll.it;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.CreateInstanceRequest;
import dev.atoll.api.InstanceView;
import dev.atoll.api.Phase;
import dev.atoll.api.TaskList;
import dev.atoll.api.TaskReport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The spine of Atoll end to end: a client POSTs an instance, the control plane places it
 * on the agent's node, the agent boots the real kernel under QEMU, and the tasks the root
 * task reports from inside come back through the API.
 */
class InstanceLifecycleEndToEndTest extends EndToEndTest {

	@Test
	void postedInstanceBootsReportsItsRootTaskFromInsideAndIsGoneAfterDelete() {
		UUID id = create("e2e-life");

		TaskList tasks = awaitTasks(id);
		TaskReport root = tasks.tasks().stream().filter((task) -> task.name().equals("root")).findFirst().orElseThrow();
		assertThat(root.kind()).isEqualTo("root");
		assertThat(root.priority()).isEqualTo(255);
		assertThat(root.memoryUsedBytes()).isPositive();
		assertThat(root.memoryBudgetBytes()).isGreaterThanOrEqualTo(root.memoryUsedBytes());
		assertThat(tasks.reportedAt()).isNotNull();
		assertThat(this.api.instance(id).as(InstanceView.class).phase()).isEqualTo(Phase.Running);
		assertThat(QemuProcesses.of(id)).as("the instance's QEMU").hasSize(1);

		ApiClient.Reply deleted = this.api.delete(id);
		assertThat(deleted.status()).isEqualTo(202);
		assertThat(deleted.as(InstanceView.class).deleting()).isTrue();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(QemuProcesses.of(id)).as("QEMU of the deleted instance").isEmpty();
			assertThat(this.api.instance(id).status()).as("GET after the delete finished").isEqualTo(404);
		});
	}

	@Test
	void qemuKilledWithSigkillIsReportedFailedWithItsLastConsoleLinesThenRestartedByPolicy() {
		UUID id = create("e2e-crash");
		awaitTasks(id);
		List<ProcessHandle> qemu = QemuProcesses.of(id);
		assertThat(qemu).hasSize(1);
		long killed = qemu.get(0).pid();

		qemu.get(0).destroyForcibly();

		// The Failed report is the crash event: classified, with the restart plan (the
		// agent's default policy: 3 restarts, the first after 2 s) and the last lines.
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
			InstanceView view = this.api.instance(id).as(InstanceView.class);
			assertThat(view.phase()).isEqualTo(Phase.Failed);
			assertThat(view.message()).startsWith("infrastructure failure: ")
				.contains("killed by signal 9")
				.contains("restart 1 of 3");
			assertThat(view.consoleTail()).as("last console lines").anyMatch((line) -> line.contains("Atoll"));
		});
		await().atMost(BOOT_TIMEOUT).untilAsserted(() -> {
			assertThat(this.api.instance(id).as(InstanceView.class).phase()).as(this.stack.logs())
				.isEqualTo(Phase.Running);
			assertThat(QemuProcesses.of(id)).as("exactly one QEMU, a new one")
				.singleElement()
				.satisfies((process) -> assertThat(process.pid()).isNotEqualTo(killed));
		});
		assertThat(this.api.delete(id).status()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.api.instance(id).status() == 404);
		assertThat(QemuProcesses.of(id)).isEmpty();
	}

	@Test
	void malformedInstanceIsRefusedWithProblemDetailsNamingTheField() {
		ApiClient.Reply reply = this.api.post(ApiPaths.INSTANCES, "{\"name\":\"Not A Name!\",\"system\":\"demo\"}");

		assertThat(reply.status()).isEqualTo(400);
		assertThat(reply.contentType()).startsWith("application/problem+json");
		assertThat(reply.body()).contains("\"name\"").contains("\"image\"");
		assertThat(this.api.instances()).noneMatch((instance) -> instance.name().equals("Not A Name!"));
	}

	private UUID create(String prefix) {
		String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
		ApiClient.Reply reply = this.api.createInstance(new CreateInstanceRequest(name, "demo", "demo", 128));
		assertThat(reply.status()).as(reply.body()).isEqualTo(201);
		return reply.as(InstanceView.class).id();
	}

	private TaskList awaitTasks(UUID id) {
		return await().atMost(BOOT_TIMEOUT)
			.pollInterval(Duration.ofMillis(500))
			.alias("tasks reported from inside instance " + id)
			.until(() -> this.api.tasks(id), (list) -> !list.tasks().isEmpty());
	}

}
