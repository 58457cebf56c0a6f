package dev.atoll.agent.console;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static dev.atoll.agent.console.FrameEncoder.concat;
import static dev.atoll.agent.console.FrameEncoder.frame;
import static dev.atoll.agent.console.FrameEncoder.text;
import static org.assertj.core.api.Assertions.assertThat;

class InstanceConsoleTests {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private final AtomicInteger records = new AtomicInteger();

	private final InstanceConsole console = new InstanceConsole("test", Clock.fixed(NOW, ZoneOffset.UTC),
			this.records::incrementAndGet);

	@Test
	void demultiplexesKernelSystemTelemetryAndTaskConsoles() {
		feed(concat(text("Atoll kernel booting\n"), frame(0, "Atoll root task up\nsecond line\n"),
				frame(1, "atoll-telemetry 1 seq=0 uptime_ms=5\ntask name=root kind=root state=running prio=255 "
						+ "mem_used=4096 mem_budget=8192\n"),
				frame(2, "hello from "), frame(2, "a task\n")));

		ConsoleSnapshot snapshot = this.console.snapshot();
		assertThat(snapshot.tail()).containsExactly("[kernel] Atoll kernel booting", "[system] Atoll root task up",
				"[system] second line", "[console 2] hello from a task");
		assertThat(snapshot.lastRecord().tasks()).singleElement()
			.satisfies((task) -> assertThat(task.memoryUsedBytes()).isEqualTo(4096));
		assertThat(snapshot.telemetryAt()).isEqualTo(NOW);
		assertThat(snapshot.records()).isOne();
		assertThat(this.records).hasValue(1);
	}

	@Test
	void malformedTelemetryIsCountedAndKeepsTheLastGoodRecord() {
		feed(frame(1, "atoll-telemetry 1 seq=0 uptime_ms=5\n"));
		feed(frame(1, "atoll-telemetry 1 seq=x uptime_ms=5\n"));

		ConsoleSnapshot snapshot = this.console.snapshot();
		assertThat(snapshot.records()).isOne();
		assertThat(snapshot.malformedRecords()).isOne();
		assertThat(snapshot.lastRecord().seq()).isZero();
	}

	@Test
	void aRecordSplitOverFramesIsJoinedPartByPart() {
		feed(frame(1, "atoll-telemetry 1 seq=3 uptime_ms=5\ntask name=root kind=root state=running prio=255\n"));
		assertThat(this.console.snapshot().lastRecord().complete()).isFalse();

		feed(frame(1, "atoll-telemetry 1 seq=3 uptime_ms=5 part=2\ntask name=uart kind=service state=running\n"
				+ "linked name=fs user=svctest\ntotal tasks=2\n"));

		ConsoleSnapshot snapshot = this.console.snapshot();
		assertThat(snapshot.lastRecord().complete()).isTrue();
		assertThat(snapshot.lastRecord().tasks()).extracting((task) -> task.name()).containsExactly("root", "uart");
		assertThat(snapshot.lastRecord().linked()).extracting((link) -> link.name()).containsExactly("fs");
		assertThat(snapshot.records()).isOne();
		assertThat(this.records).hasValue(2);
	}

	@Test
	void aPartWhoseFirstPartWasLostIsDroppedAndCounted() {
		feed(frame(1, "atoll-telemetry 1 seq=3 uptime_ms=5\ntask name=root kind=root state=running\ntotal\n"));
		feed(frame(1, "atoll-telemetry 1 seq=4 uptime_ms=5 part=2\ntask name=uart kind=service state=running\n"));

		ConsoleSnapshot snapshot = this.console.snapshot();
		assertThat(snapshot.malformedRecords()).isOne();
		assertThat(snapshot.lastRecord().seq()).isEqualTo(3);
		assertThat(snapshot.lastRecord().tasks()).hasSize(1);
	}

	@Test
	void keepsTheRootTasksRejectionOfItsConfiguration() {
		feed(frame(0, "system: reading the boot configuration\n"
				+ "boot config initrd:config rejected: line 2: unknown key 'colour'\n"));

		assertThat(this.console.snapshot().configRejected())
			.isEqualTo("boot config initrd:config rejected: line 2: unknown key 'colour'");
	}

	@Test
	void keepsOnlyTheLastLines() {
		for (int i = 0; i < 120; i++) {
			feed(text("line " + i + "\n"));
		}

		assertThat(this.console.snapshot().tail()).hasSize(InstanceConsole.TAIL_LINES)
			.startsWith("[kernel] line 70")
			.endsWith("[kernel] line 119");
	}

	@Test
	void endFlushesPartialLinesAndIgnoresLaterBytes() {
		feed(text("panic: no"));
		this.console.end();
		feed(text("more\n"));

		assertThat(this.console.snapshot().tail()).containsExactly("[kernel] panic: no");
	}

	private void feed(byte[] bytes) {
		this.console.feed(bytes, 0, bytes.length);
	}

}
