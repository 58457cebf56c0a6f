package dev.atoll.agent.backend.qemu;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.atoll.agent.backend.BootImage;
import dev.atoll.agent.backend.InstanceSpec;
import dev.atoll.agent.console.InstanceConsole;
import dev.atoll.agent.exec.ConsoleExec;
import dev.atoll.agent.exec.ExecOutcome;
import dev.atoll.agent.testing.DemoRuns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Exec on the real demo image under QEMU: the request goes to the root task's system
 * monitor as a frame on the console socket, its output and exit code come back decoded.
 */
class QemuExecTests {

	private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration EXEC_TIMEOUT = Duration.ofSeconds(20);

	@TempDir
	Path work;

	private QemuBackend backend;

	private final List<UUID> started = new ArrayList<>();

	@BeforeEach
	void backendOnTheImages() throws IOException {
		// An image whose uart takes no interrupt: no console input, so nothing answers.
		Path images = this.work.resolve("images");
		Path deaf = images.resolve("deaf");
		Files.createDirectories(deaf);
		Files.createDirectories(images.resolve("demo"));
		for (String file : List.of(BootImage.KERNEL, BootImage.INITRD)) {
			Files.copy(DemoRuns.imagesDir().resolve("demo").resolve(file), images.resolve("demo").resolve(file));
		}
		Files.copy(images.resolve("demo").resolve(BootImage.KERNEL), deaf.resolve(BootImage.KERNEL));
		Files.write(deaf.resolve(BootImage.INITRD), withConfig(images.resolve("demo").resolve(BootImage.INITRD), """
				atoll-boot-config 1
				service uart elf=uart placement=task prio=200 mem=192K devices=console
				task counter elf=counter prio=100 mem=128K uses=uart
				"""));
		this.backend = new QemuBackend(new QemuSettings("qemu-system-aarch64", images, this.work.resolve("run"),
				Duration.ofSeconds(3), Duration.ofSeconds(15), true), Clock.systemUTC());
	}

	@AfterEach
	void noQemuOutlivesTheTest() {
		this.backend.close();
	}

	@Test
	void echoHiPrintsHiAndExitsZero() throws Exception {
		Booted demo = boot("demo");

		ExecOutcome outcome = demo.exec.exec(demo.id, 0, "echo hi", EXEC_TIMEOUT);

		assertThat(outcome)
			.isEqualTo(new ExecOutcome.Completed("hi\n", 0, ((ExecOutcome.Completed) outcome).durationMs()));
	}

	@Test
	void anUnknownCommandExitsNonZeroAndSaysWhy() throws Exception {
		Booted demo = boot("demo");

		ExecOutcome outcome = demo.exec.exec(demo.id, 0, "reboot-everything now", EXEC_TIMEOUT);

		assertThat(outcome).isInstanceOfSatisfying(ExecOutcome.Completed.class, (done) -> {
			assertThat(done.exitCode()).isEqualTo(127);
			assertThat(done.output()).isEqualTo("unknown command 'reboot-everything' (try help)\n");
		});
	}

	@Test
	void execsOnOneInstanceRunOneAtATimeEachWithItsOwnOutput() throws Exception {
		Booted demo = boot("demo");
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<ExecOutcome>> outcomes = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				String word = "word" + i;
				outcomes.add(pool
					.submit((Callable<ExecOutcome>) () -> demo.exec.exec(demo.id, 0, "echo " + word, EXEC_TIMEOUT)));
			}
			outcomes.add(pool.submit(() -> demo.exec.exec(demo.id, 0, "tasks", EXEC_TIMEOUT)));
			for (int i = 0; i < 4; i++) {
				assertThat(outcomes.get(i).get()).isInstanceOfSatisfying(ExecOutcome.Completed.class,
						(done) -> assertThat(done.exitCode()).isZero());
				assertThat(((ExecOutcome.Completed) outcomes.get(i).get()).output()).isEqualTo("word" + i + "\n");
			}
			assertThat(outcomes.get(4).get()).isInstanceOfSatisfying(ExecOutcome.Completed.class,
					(done) -> assertThat(done.output()).contains("counter").contains("svctest").contains("uart"));
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void aGuestThatDoesNotAnswerTimesOutWithAClearMessage() throws Exception {
		Booted deaf = boot("deaf");

		ExecOutcome outcome = deaf.exec.exec(deaf.id, 0, "echo hi", Duration.ofSeconds(2));

		assertThat(outcome).isInstanceOfSatisfying(ExecOutcome.TimedOut.class, (late) -> {
			assertThat(late.durationMs()).isBetween(2000L, 10_000L);
			assertThat(late.message()).contains("no exit code within 2000 ms");
		});
	}

	@Test
	void badRequestsAndUnknownInstancesAreRefusedWithoutTouchingAnyConsole() {
		ConsoleExec exec = new ConsoleExec(this.backend, (id) -> Optional.empty());

		assertThat(exec.exec(UUID.randomUUID(), 1, "echo hi", EXEC_TIMEOUT))
			.isEqualTo(new ExecOutcome.Failed("channel must be 0 (the root task's console) or 2..127"));
		assertThat(exec.exec(UUID.randomUUID(), 0, "echo\nhi", EXEC_TIMEOUT))
			.isEqualTo(new ExecOutcome.Failed("command must be one line without control characters"));
		assertThat(exec.exec(UUID.randomUUID(), 0, "x".repeat(241), EXEC_TIMEOUT))
			.isEqualTo(new ExecOutcome.Failed("command must be at most 240 bytes"));
		assertThat(exec.exec(UUID.randomUUID(), 0, "echo hi", Duration.ZERO))
			.isEqualTo(new ExecOutcome.Failed("timeout must be more than 0 and at most 600 seconds"));
		UUID nowhere = UUID.randomUUID();
		assertThat(exec.exec(nowhere, 0, "echo hi", EXEC_TIMEOUT))
			.isEqualTo(new ExecOutcome.Failed("instance " + nowhere + " has no console on this node"));
	}

	private record Booted(UUID id, ConsoleExec exec) {
	}

	/** Boots the image and waits for its first telemetry record (every task started). */
	private Booted boot(String image) throws InterruptedException {
		UUID id = UUID.randomUUID();
		this.started.add(id);
		InstanceConsole console = new InstanceConsole(image, Clock.systemUTC(), () -> {
		});
		this.backend.start(new InstanceSpec(id, image, 128), DemoRuns.sink(console));
		long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
		while (console.snapshot().lastRecord() == null) {
			if (System.nanoTime() > deadline) {
				fail("no telemetry within %s: %s", BOOT_TIMEOUT, console.snapshot());
			}
			Thread.sleep(100);
		}
		return new Booted(id, new ConsoleExec(this.backend, (instance) -> Optional.of(console.execReplies())));
	}

	/**
	 * The initrd with a boot configuration appended as the cpio member {@code config}.
	 */
	private static byte[] withConfig(Path initrd, String config) throws IOException {
		byte[] name = "config\0".getBytes(StandardCharsets.US_ASCII);
		byte[] body = config.getBytes(StandardCharsets.US_ASCII);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(Files.readAllBytes(initrd));
		cpioMember(out, name, body, 0100644);
		cpioMember(out, "TRAILER!!!\0".getBytes(StandardCharsets.US_ASCII), new byte[0], 0);
		return out.toByteArray();
	}

	/** One newc member: the header, its name and its data, each padded to 4 bytes. */
	private static void cpioMember(ByteArrayOutputStream out, byte[] name, byte[] body, int mode) {
		String header = String.format("070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x", 0, mode, 0, 0, 1, 0,
				body.length, 0, 0, 0, 0, name.length, 0);
		out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
		out.writeBytes(name);
		pad(out, 110 + name.length);
		out.writeBytes(body);
		pad(out, body.length);
	}

	private static void pad(ByteArrayOutputStream out, int length) {
		for (int i = length; i % 4 != 0; i++) {
			out.write(0);
		}
	}

}
