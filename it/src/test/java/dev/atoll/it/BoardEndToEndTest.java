package dev.atoll.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.atoll.api.CreateInstanceRequest;
import dev.atoll.api.InstanceView;
import dev.atoll.api.NodeView;
import dev.atoll.api.Phase;
import dev.atoll.api.TaskList;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A board node end to end: the agent runs with {@code atoll.agent.backend=board} and one
 * board, a QEMU posing as one — power commands are scripts that start and kill a QEMU
 * booting what the board's TFTP directory holds, the console is that QEMU's TCP serial
 * server. The node registers as a board node, an instance posted to the API boots on the
 * board and reports its tasks from inside, and a delete powers the board off.
 */
class BoardEndToEndTest extends EndToEndTest {

	private final String board = "qemu-board-" + UUID.randomUUID().toString().substring(0, 8);

	private Path tftp;

	@Override
	List<String> agentArgs(Path agentWork) {
		Path scripts = Path.of(System.getProperty("atoll.qemu-board.dir"));
		// The board's QEMU runs in the agent's work directory, so that the base class's
		// check finds it should it outlive the stack.
		Path state = agentWork.resolve("qemu-board");
		this.tftp = agentWork.resolveSibling("tftp");
		int port;
		try {
			port = ServiceProcess.freePort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		String prefix = "--atoll.agent.boards[0].";
		return List.of("--atoll.agent.backend=board", prefix + "name=" + this.board, prefix + "type=qemu-virt",
				prefix + "power-on=sh " + scripts.resolve("power-on.sh") + " " + port + " " + state,
				prefix + "power-off=sh " + scripts.resolve("power-off.sh") + " " + state,
				prefix + "console=tcp:127.0.0.1:" + port, prefix + "tftp-dir=" + this.tftp);
	}

	@Test
	void instanceBootsOnTheBoardFromItsTftpDirectoryReportsItsTasksAndADeletePowersItOff() throws Exception {
		NodeView node = await().atMost(Duration.ofSeconds(30))
			.until(() -> this.api.nodes().stream().filter((n) -> n.labels().get("backend") != null).findFirst(),
					(found) -> found.isPresent())
			.orElseThrow();
		assertThat(node.labels()).containsEntry("backend", "board").containsEntry("board-type", "qemu-virt");
		assertThat(node.instanceSlots()).as("one instance per board").isEqualTo(1);

		String name = "e2e-board-" + UUID.randomUUID().toString().substring(0, 8);
		ApiClient.Reply created = this.api.createInstance(new CreateInstanceRequest(name, "demo", "demo", 128));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		UUID id = created.as(InstanceView.class).id();

		TaskList tasks = await().atMost(BOOT_TIMEOUT)
			.pollInterval(Duration.ofMillis(500))
			.until(() -> this.api.tasks(id), (list) -> !list.tasks().isEmpty());
		assertThat(tasks.tasks()).anyMatch((task) -> task.name().equals("root"));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.api.instance(id).as(InstanceView.class).phase()).as(this.stack.logs())
				.isEqualTo(Phase.Running));
		assertThat(boardQemus()).as("the board, powered on").hasSize(1);
		assertThat(this.tftp.resolve("boot.scr")).isRegularFile();
		assertThat(Files.readString(this.tftp.resolve("boot.cmd"))).contains("instance " + id).contains("booti");
		assertThat(QemuProcesses.of(id)).as("no QEMU instance of its own: it runs on the board").isEmpty();

		assertThat(this.api.delete(id).status()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(boardQemus()).as("the board, powered off").isEmpty();
			assertThat(this.api.instance(id).status()).isEqualTo(404);
		});
	}

	private List<ProcessHandle> boardQemus() {
		String marker = "-name board-" + this.board;
		return ProcessHandle.allProcesses()
			.filter((process) -> process.info().commandLine().orElse("").contains(marker))
			.toList();
	}

}
