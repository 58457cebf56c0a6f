package dev.atoll.agent.backend.board;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.atoll.agent.backend.BackendInstance;
import dev.atoll.agent.backend.BootImage;
import dev.atoll.agent.bootconfig.Cpio;
import dev.atoll.agent.backend.ConsoleSink;
import dev.atoll.agent.backend.InstanceSpec;
import dev.atoll.agent.backend.StartResult;
import dev.atoll.agent.console.ConsoleSnapshot;
import dev.atoll.agent.console.InstanceConsole;
import dev.atoll.agent.exec.ConsoleExec;
import dev.atoll.agent.exec.ExecOutcome;
import dev.atoll.agent.system.AgentProperties.Board;
import dev.atoll.agent.testing.DemoRuns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.fail;

/**
 * The board backend against a QEMU posing as a board: its power commands are scripts that
 * start and kill a QEMU booting what the board's TFTP directory holds, its console QEMU's
 * TCP serial server. Real power commands, a real serial line, the real demo image.
 */
class BoardBackendTests {

	private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(60);

	@TempDir
	Path work;

	private Board board;

	private BoardBackend backend;

	@BeforeEach
	void oneQemuPosingAsABoard() throws Exception {
		this.board = qemuBoard("qb-" + UUID.randomUUID().toString().substring(0, 8), freePort(), this.work);
		this.backend = newBackend(true);
	}

	@AfterEach
	void noBoardQemuOutlivesTheTest() {
		this.backend.close();
		new PowerSwitch(this.board, this.work.resolve("probe"), Duration.ofSeconds(10)).off(null);
		assertThat(boardQemus(this.board)).as("QEMU posing as board %s after the test", this.board.name()).isEmpty();
	}

	@Test
	void bootsTheImageFromTheTftpDirectoryAndReadsItsTcpSerialLineThenPowersOff() throws Exception {
		UUID id = UUID.randomUUID();
		InstanceConsole console = newConsole();

		StartResult result = this.backend.start(new InstanceSpec(id, "demo", 128, 4), DemoRuns.sink(console));

		assertThat(result).isInstanceOf(StartResult.Started.class);
		assertThat(boardQemus(this.board)).as("the board, powered on").hasSize(1);
		Path tftp = this.board.tftpDir();
		assertThat(tftp.resolve(BootImage.KERNEL)).hasSameBinaryContentAs(demoImage().resolve(BootImage.KERNEL));
		assertThat(tftp.resolve(BootImage.INITRD)).hasSameBinaryContentAs(demoImage().resolve(BootImage.INITRD));
		assertThat(tftp.resolve(TftpStaging.SCRIPT_TEXT)).content()
			.contains("instance " + id + ", image demo, generation 4")
			.contains("tftpboot ${kernel_addr_r} kernel.img")
			.contains("booti ${kernel_addr_r} ${ramdisk_addr_r}:${atoll_initrd_size} ${fdtcontroladdr}");
		ByteBuffer script = ByteBuffer.wrap(Files.readAllBytes(tftp.resolve(TftpStaging.SCRIPT_IMAGE)));
		assertThat(script.getInt(0)).as("legacy image magic").isEqualTo(UBootScript.MAGIC);
		assertThat(script.get(30)).as("image type").isEqualTo(UBootScript.TYPE_SCRIPT);
		ConsoleSnapshot seen = awaitRootTask(console);
		assertThat(seen.tail()).anyMatch((line) -> line.startsWith("[kernel] ") && line.contains("Atoll"));
		assertThat(seen.frames().corrupt()).isZero();
		assertThat(this.backend.inspect(id)).hasValueSatisfying((instance) -> {
			assertThat(instance.running()).isTrue();
			assertThat(instance.pid()).as("a board is no process of this host").isEqualTo(BackendInstance.NO_PROCESS);
		});
		assertThat(this.backend.console(id)).hasValueSatisfying((log) -> assertThat(log).isNotEmptyFile());
		assertThat(this.work.resolve("boards").resolve(this.board.name()).resolve(BoardHandle.FILE)).isRegularFile();
		ConsoleExec exec = new ConsoleExec(this.backend, (instance) -> Optional.of(console.execReplies()));
		assertThat(exec.exec(id, 0, "echo through the serial line", Duration.ofSeconds(20)))
			.as("exec writes to the board's serial line too")
			.isInstanceOfSatisfying(ExecOutcome.Completed.class, (done) -> {
				assertThat(done.output()).isEqualTo("through the serial line\n");
				assertThat(done.exitCode()).isZero();
			});

		this.backend.stop(id);

		assertThat(boardQemus(this.board)).as("the board, powered off").isEmpty();
		assertThat(this.backend.inspect(id)).isEmpty();
		assertThat(this.work.resolve("boards").resolve(this.board.name()).resolve(BoardHandle.FILE)).doesNotExist();
		assertThat(this.work.resolve("boards").resolve(this.board.name()).resolve(PowerSwitch.LOG)).content()
			.contains("board " + this.board.name() + " on")
			.contains("board " + this.board.name() + " off");
	}

	@Test
	void aBootConfigurationGoesToTheBoardInItsInitrdAndIsKeptInTheHandle() throws Exception {
		UUID id = UUID.randomUUID();
		InstanceConsole console = newConsole();
		BoardBackend previous = newBackend(false);
		String config = "atoll-boot-config 1\n"
				+ "service uart elf=uart placement=task prio=200 mem=196608 devices=console\n"
				+ "task counter elf=counter prio=100 mem=131072 uses=uart\n";

		StartResult result = previous.start(new InstanceSpec(id, "demo", 128, 1, config), DemoRuns.sink(console));

		assertThat(result).isInstanceOf(StartResult.Started.class);
		Cpio.Listing staged = Cpio.list(Files.readAllBytes(this.board.tftpDir().resolve(BootImage.INITRD)));
		assertThat(((Cpio.Listing.Members) staged).members()).last()
			.satisfies((member) -> assertThat(member.name()).isEqualTo("config"));
		long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline
				&& (console.snapshot().lastRecord() == null || console.snapshot().lastRecord().tasks().size() < 3)) {
			Thread.sleep(100);
		}
		assertThat(console.snapshot().lastRecord().tasks()).extracting((task) -> task.name())
			.containsExactly("root", "uart", "counter");
		assertThat(console.snapshot().tail()).anyMatch((line) -> line.contains("system: initrd:config accepted"));
		previous.close();
		assertThat(this.backend.recover((spec) -> DemoRuns.sink(newConsole()))).singleElement()
			.satisfies((adopted) -> assertThat(adopted.spec().bootConfig()).as("from the handle").isEqualTo(config));
		this.backend.stop(id);
	}

	@Test
	void aSecondInstanceFindsNoFreeBoardAndTheFirstKeepsIt() throws Exception {
		UUID first = UUID.randomUUID();
		this.backend.start(new InstanceSpec(first, "demo", 128), DemoRuns.sink(newConsole()));

		StartResult second = this.backend.start(new InstanceSpec(UUID.randomUUID(), "demo", 128),
				DemoRuns.sink(newConsole()));

		assertThat(second).isInstanceOfSatisfying(StartResult.Failed.class,
				(failed) -> assertThat(failed.reason()).contains("no free board"));
		assertThat(this.backend.list()).extracting((instance) -> instance.spec().id()).containsExactly(first);
		assertThat(this.backend.slots()).hasValue(1);
		assertThat(this.backend.labels()).containsEntry("backend", "board").containsEntry("board-type", "qemu-virt");
	}

	@Test
	void instanceLeftOnABoardIsAdoptedByTheNextBackendWithItsSerialLine() throws Exception {
		UUID id = UUID.randomUUID();
		BoardBackend previous = newBackend(false);
		previous.start(new InstanceSpec(id, "demo", 128, 2), DemoRuns.sink(newConsole()));
		List<ProcessHandle> before = boardQemus(this.board);
		previous.close();
		assertThat(boardQemus(this.board)).as("kept on for the next agent").isEqualTo(before);

		InstanceConsole console = newConsole();
		List<BackendInstance> adopted = this.backend.recover((spec) -> DemoRuns.sink(console));

		assertThat(adopted).singleElement()
			.satisfies((instance) -> assertThat(instance.spec()).isEqualTo(new InstanceSpec(id, "demo", 128, 2)));
		awaitRootTask(console);
		assertThat(boardQemus(this.board)).as("the same board run, not powered again").isEqualTo(before);
		this.backend.stop(id);
		assertThat(boardQemus(this.board)).isEmpty();
	}

	@Test
	void boardLeftOnWithoutAHandleIsPoweredOffByTheNextBackend() throws Exception {
		UUID id = UUID.randomUUID();
		BoardBackend previous = newBackend(false);
		previous.start(new InstanceSpec(id, "demo", 128), DemoRuns.sink(newConsole()));
		previous.close();
		Files.writeString(this.work.resolve("boards").resolve(this.board.name()).resolve(BoardHandle.FILE),
				"{\"version\":99}");

		assertThat(this.backend.recover((spec) -> DemoRuns.sink(newConsole()))).isEmpty();

		assertThat(boardQemus(this.board)).as("nothing runs on a board unseen").isEmpty();
	}

	@Test
	void failingPowerOnIsAFailedStartWithTheCommandsLastLine() throws Exception {
		Board broken = new Board(this.board.name(), "qemu-virt", "echo relay 3 does not answer; exit 7",
				this.board.powerOff(), this.board.console(), this.board.tftpDir(), null);
		BoardBackend backend = new BoardBackend(List.of(broken), demoImage().getParent(), this.work,
				Duration.ofSeconds(10), Duration.ofSeconds(2), true, Clock.systemUTC());

		StartResult result = backend.start(new InstanceSpec(UUID.randomUUID(), "demo", 128),
				DemoRuns.sink(newConsole()));

		assertThat(result).isInstanceOfSatisfying(StartResult.Failed.class,
				(failed) -> assertThat(failed.reason()).contains("power-on of board " + broken.name())
					.contains("exited with 7")
					.contains("relay 3 does not answer"));
		assertThat(backend.list()).isEmpty();
	}

	@Test
	void unreachableConsoleIsAFailedStartAndTheBoardIsPoweredOffAgain() throws Exception {
		Board silent = new Board(this.board.name(), "qemu-virt", this.board.powerOn(), this.board.powerOff(),
				"tcp:127.0.0.1:" + freePort(), this.board.tftpDir(), null);
		BoardBackend backend = new BoardBackend(List.of(silent), demoImage().getParent(), this.work,
				Duration.ofSeconds(10), Duration.ofSeconds(2), true, Clock.systemUTC());

		StartResult result = backend.start(new InstanceSpec(UUID.randomUUID(), "demo", 128),
				DemoRuns.sink(newConsole()));

		assertThat(result).isInstanceOfSatisfying(StartResult.Failed.class,
				(failed) -> assertThat(failed.reason()).contains("not reachable within PT2S"));
		assertThat(boardQemus(this.board)).isEmpty();
	}

	@Test
	void invalidImageOrConsoleSettingIsRefused() {
		assertThat(this.backend.start(new InstanceSpec(UUID.randomUUID(), "../demo", 128), DemoRuns.sink(newConsole())))
			.isInstanceOfSatisfying(StartResult.Invalid.class,
					(invalid) -> assertThat(invalid.reason()).contains("image name"));
		Board typo = new Board("b", "t", "true", "true", "tpc:host:1", this.work, null);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new BoardBackend(List.of(typo), this.work, this.work, Duration.ofSeconds(1),
					Duration.ofSeconds(1), true, Clock.systemUTC()))
			.withMessageContaining("neither tcp:HOST:PORT nor a device path");
	}

	private BoardBackend newBackend(boolean stopOnShutdown) {
		return new BoardBackend(List.of(this.board), demoImage().getParent(), this.work, Duration.ofSeconds(10),
				Duration.ofSeconds(15), stopOnShutdown, Clock.systemUTC());
	}

	/**
	 * A board whose power commands run the QEMU-posing-as-a-board scripts of the test
	 * resources, its state (pid file, QEMU log) and TFTP directory under {@code work}.
	 */
	static Board qemuBoard(String name, int port, Path work) throws URISyntaxException {
		Path scripts = Path.of(BoardBackendTests.class.getResource("/qemu-board/power-on.sh").toURI()).getParent();
		Path state = work.resolve("qemu-board-" + name);
		return new Board(name, "qemu-virt", "sh " + scripts.resolve("power-on.sh") + " " + port + " " + state,
				"sh " + scripts.resolve("power-off.sh") + " " + state, "tcp:127.0.0.1:" + port,
				work.resolve("tftp-" + name), null);
	}

	static List<ProcessHandle> boardQemus(Board board) {
		String marker = "-name board-" + board.name();
		return ProcessHandle.allProcesses()
			.filter(ProcessHandle::isAlive)
			.filter((process) -> process.info().commandLine().orElse("").contains(marker))
			.filter((process) -> process.info().command().orElse("").contains("qemu-system"))
			.toList();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static InstanceConsole newConsole() {
		return new InstanceConsole("board", Clock.systemUTC(), () -> {
		});
	}

	private static ConsoleSnapshot awaitRootTask(InstanceConsole console) throws InterruptedException {
		long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			ConsoleSnapshot snapshot = console.snapshot();
			if (snapshot.lastRecord() != null
					&& snapshot.lastRecord().tasks().stream().anyMatch((task) -> task.name().equals("root"))) {
				return snapshot;
			}
			Thread.sleep(100);
		}
		return fail("no telemetry naming task root within %s: %s", BOOT_TIMEOUT, console.snapshot());
	}

	private static Path demoImage() {
		return DemoRuns.imagesDir().resolve("demo");
	}

}
