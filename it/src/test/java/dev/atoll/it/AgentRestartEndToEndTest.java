package dev.atoll.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.atoll.api.CreateInstanceRequest;
import dev.atoll.api.InstanceView;
import dev.atoll.api.Phase;
import dev.atoll.api.TaskList;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The node agent is killed with SIGKILL mid-life and another one starts on the same work
 * directory and node name: it adopts the running QEMU (same pid, none duplicated, none
 * orphaned) and the instance's tasks keep updating through the API.
 */
class AgentRestartEndToEndTest extends EndToEndTest {

	@Test
	void agentKilledMidLifeIsReplacedByOneThatAdoptsTheRunningQemu() throws Exception {
		String name = "e2e-adopt-" + UUID.randomUUID().toString().substring(0, 8);
		ApiClient.Reply created = this.api.createInstance(new CreateInstanceRequest(name, "demo", "demo", 128));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		UUID id = created.as(InstanceView.class).id();
		awaitTasksAfter(id, Instant.EPOCH);
		List<ProcessHandle> qemu = QemuProcesses.of(id);
		assertThat(qemu).hasSize(1);
		long pid = qemu.get(0).pid();

		this.stack.killAgentAndStartAnother();
		Instant restarted = Instant.now();

		assertThat(qemu.get(0).isAlive()).as("QEMU survives its agent's SIGKILL").isTrue();
		TaskList tasks = awaitTasksAfter(id, restarted);
		assertThat(tasks.tasks()).anyMatch((task) -> task.name().equals("root"));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.api.instance(id).as(InstanceView.class).phase()).as(this.stack.logs())
				.isEqualTo(Phase.Running));
		assertThat(QemuProcesses.of(id)).as("exactly the adopted QEMU")
			.singleElement()
			.satisfies((process) -> assertThat(process.pid()).isEqualTo(pid));
		String metrics = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(this.stack.agentUrl() + "/metrics")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
		assertThat(metrics.lines())
			.anyMatch((line) -> line.startsWith("atoll_instance_qemu_resident_bytes{") && line.contains(id.toString()));

		assertThat(this.api.delete(id).status()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(QemuProcesses.of(id)).as("QEMU of the deleted instance").isEmpty();
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
