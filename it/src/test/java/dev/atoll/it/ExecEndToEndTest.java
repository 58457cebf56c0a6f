package dev.atoll.it;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.atoll.api.CreateInstanceRequest;
import dev.atoll.api.ExecRequest;
import dev.atoll.api.ExecResult;
import dev.atoll.api.InstanceView;
import dev.atoll.api.Role;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Exec through the real API: the control plane stores the request, nudges the agent of
 * the instance's node, the agent sends it to the guest's system monitor over the serial
 * line and reports the output and exit code, which answer the waiting request.
 */
class ExecEndToEndTest extends EndToEndTest {

	@Test
	void theSystemMonitorAnswersThroughTheApiAndASilentGuestIsA504() throws Exception {
		String name = "e2e-exec-" + UUID.randomUUID().toString().substring(0, 8);
		ApiClient.Reply created = this.api.createInstance(new CreateInstanceRequest(name, "demo", "demo", 128));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		UUID id = created.as(InstanceView.class).id();
		await().atMost(BOOT_TIMEOUT)
			.pollInterval(Duration.ofMillis(500))
			.until(() -> this.api.tasks(id).tasks().stream().anyMatch((task) -> task.name().equals("uart")));

		ApiClient.Reply hi = this.api.exec(id, new ExecRequest(null, "echo hi", 5));
		assertThat(hi.status()).as(hi.body()).isEqualTo(200);
		assertThat(hi.as(ExecResult.class).output()).isEqualTo("hi\n");
		assertThat(hi.as(ExecResult.class).exitCode()).isZero();

		ApiClient.Reply unknown = this.api.exec(id, new ExecRequest(0, "frobnicate", 5));
		assertThat(unknown.status()).as(unknown.body()).isEqualTo(200);
		assertThat(unknown.as(ExecResult.class).exitCode()).isEqualTo(127);
		assertThat(unknown.as(ExecResult.class).output()).contains("unknown command 'frobnicate'");

		ApiClient.Reply tasks = this.api.exec(id, new ExecRequest(0, "tasks", 5));
		assertThat(tasks.status()).as(tasks.body()).isEqualTo(200);
		assertThat(tasks.as(ExecResult.class).output()).contains("uart").contains("svctest").contains("counter");

		ApiClient viewer = this.api.withToken(this.api.createToken("e2e-viewer", Role.viewer));
		assertThat(viewer.exec(id, new ExecRequest(0, "echo no", 5)).status()).isEqualTo(403);

		// A guest that does not answer (its QEMU stopped): the agent gives up after the
		// timeout and the API says so.
		List<ProcessHandle> qemu = QemuProcesses.of(id);
		assertThat(qemu).hasSize(1);
		signal("STOP", qemu.get(0).pid());
		try {
			ApiClient.Reply late = this.api.exec(id, new ExecRequest(0, "echo late", 2));
			assertThat(late.status()).as(late.body()).isEqualTo(504);
			assertThat(late.contentType()).contains("application/problem+json");
			assertThat(late.body()).contains("no exit code within 2 s");
		}
		finally {
			signal("CONT", qemu.get(0).pid());
		}
		ApiClient.Reply again = this.api.exec(id, new ExecRequest(0, "echo again", 5));
		assertThat(again.status()).as(again.body()).isEqualTo(200);
		assertThat(again.as(ExecResult.class).output()).isEqualTo("again\n");

		assertThat(this.api.delete(id).status()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.api.instance(id).status() == 404);
	}

	private static void signal(String signal, long pid) throws IOException, InterruptedException {
		Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
		assertThat(kill.waitFor()).as("kill -" + signal + " " + pid).isZero();
	}

}
