package dev.atoll.agent.telemetry;

import java.util.List;

import dev.atoll.api.EndpointReport;
import dev.atoll.api.TaskReport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TelemetryParserTests {

	@Test
	void parsesTheRecordOfTheFormatDocument() {
		TelemetryParse parse = TelemetryParser
			.parse("""
					atoll-telemetry 1 seq=41 uptime_ms=41007
					task name=root kind=root state=running prio=255 mem_used=409600 mem_budget=132485120 cpu_ms=20 syscalls=3007 ipc_sent=0 ipc_recv=1 faults=0 restarts=0
					task name=uart kind=service state=running prio=200 mem_used=16416 mem_budget=65536 cpu_ms=10 syscalls=2435 ipc_sent=31 ipc_recv=30 faults=1 restarts=1
					endpoint name=uart server=uart clients=svctest,counter messages=30
					linked name=fs user=svctest calls=12 errors=0
					total tasks=3 cpu_ms=40 syscalls=5509 ipc_sent=78 ipc_recv=58 faults=1 restarts=1 mem_used=442432
					""");

		assertThat(parse).isEqualTo(new TelemetryParse.Parsed(new TelemetryRecord(41, 41007,
				List.of(new TaskReport("root", "root", "running", 255, 409600, 132485120),
						new TaskReport("uart", "service", "running", 200, 16416, 65536)),
				List.of(new TelemetryRecord.Linked("fs", "svctest")),
				List.of(new EndpointReport("uart", "uart", List.of("svctest", "counter"), 30)), null, 1, true)));
	}

	@Test
	void aRecordWithoutItsTotalLineIsAPartAwaitingTheNext() {
		TelemetryParse first = TelemetryParser.parse("""
				atoll-telemetry 1 seq=5 uptime_ms=5000
				task name=root kind=root state=running prio=255
				""");
		TelemetryParse second = TelemetryParser.parse("""
				atoll-telemetry 1 seq=5 uptime_ms=5000 part=2
				task name=fs kind=service state=running prio=180
				total tasks=2
				""");

		TelemetryRecord head = ((TelemetryParse.Parsed) first).record();
		TelemetryRecord tail = ((TelemetryParse.Parsed) second).record();
		assertThat(head.complete()).isFalse();
		assertThat(tail.part()).isEqualTo(2);
		assertThat(head.continuedBy(tail)).isTrue();
		TelemetryRecord joined = head.join(tail);
		assertThat(joined.complete()).isTrue();
		assertThat(joined.tasks()).extracting(TaskReport::name).containsExactly("root", "fs");
		assertThat(joined.continuedBy(tail)).isFalse();
	}

	@Test
	void aRejectedConfigurationIsAWholeRecordWithItsCode() {
		TelemetryParse parse = TelemetryParser.parse("""
				atoll-telemetry 1 seq=0 uptime_ms=3
				task name=root kind=root state=running prio=255 mem_used=1 mem_budget=2
				config state=rejected error=missing-elf
				""");

		assertThat(parse).isInstanceOfSatisfying(TelemetryParse.Parsed.class, (parsed) -> {
			assertThat(parsed.record().configError()).isEqualTo("missing-elf");
			assertThat(parsed.record().complete()).isTrue();
		});
		assertMalformed("atoll-telemetry 1 seq=0 uptime_ms=3 part=1\n", "part");
		assertMalformed("atoll-telemetry 1 seq=0 uptime_ms=3\nlinked name=fs\n", "user");
	}

	@Test
	void ignoresUnknownKeysAndUnknownLineKinds() {
		TelemetryParse parse = TelemetryParser.parse("""
				atoll-telemetry 1 seq=1 uptime_ms=2 cpu=4
				task name=uart kind=service state=blocked prio=200 mem_used=10 mem_budget=20 syscalls=99
				mailbox name=uart.ep calls=3
				task name=linux kind=personality state=running prio=100 mem_used=30 mem_budget=40""");

		assertThat(parse).isInstanceOfSatisfying(TelemetryParse.Parsed.class,
				(parsed) -> assertThat(parsed.record().tasks()).extracting(TaskReport::name)
					.containsExactly("uart", "linux"));
	}

	@Test
	void endpointLinesCarryServerClientsAndMessagesAndJoinAcrossParts() {
		TelemetryRecord first = parsed("""
				atoll-telemetry 1 seq=7 uptime_ms=7000
				endpoint name=uart server=uart clients=svctest,counter messages=30
				""");
		TelemetryRecord second = parsed("""
				atoll-telemetry 1 seq=7 uptime_ms=7000 part=2
				endpoint name=blk server=blk clients=- messages=0
				endpoint name=fs server=fs
				total tasks=3
				""");

		assertThat(first.continuedBy(second)).isTrue();
		assertThat(first.join(second).endpoints()).containsExactly(
				new EndpointReport("uart", "uart", List.of("svctest", "counter"), 30),
				new EndpointReport("blk", "blk", List.of(), 0), new EndpointReport("fs", "fs", List.of(), 0));
	}

	@Test
	void rejectsEndpointLinesWithBadNamesOrCounts() {
		String header = "atoll-telemetry 1 seq=1 uptime_ms=2\n";
		assertMalformed(header + "endpoint server=uart messages=1\n", "no valid name");
		assertMalformed(header + "endpoint name=uart messages=1\n", "no valid server");
		assertMalformed(header + "endpoint name=uart server=uart clients=a,,b\n", "bad clients");
		assertMalformed(header + "endpoint name=uart server=uart clients=a,a\n", "bad clients");
		assertMalformed(header + "endpoint name=uart server=uart clients=a/b\n", "bad clients");
		assertMalformed(header + "endpoint name=uart server=uart messages=-1\n", "messages");
	}

	private static TelemetryRecord parsed(String text) {
		TelemetryParse parse = TelemetryParser.parse(text);
		assertThat(parse).isInstanceOf(TelemetryParse.Parsed.class);
		return ((TelemetryParse.Parsed) parse).record();
	}

	@Test
	void rejectsMalformedNumbers() {
		assertMalformed("atoll-telemetry 1 seq=1x uptime_ms=2\n", "seq");
		assertMalformed("atoll-telemetry 1 seq=1 uptime_ms=2\ntask name=root prio=256\n", "prio");
		assertMalformed("atoll-telemetry 1 seq=1 uptime_ms=2\ntask name=root mem_used=-5\n", "mem_used");
		assertMalformed("atoll-telemetry 1 seq=1 uptime_ms=2\ntask name=root mem_used=99999999999999999999\n",
				"mem_used");
		assertMalformed("atoll-telemetry 1 seq=+1 uptime_ms=2\n", "seq");
	}

	@Test
	void rejectsAnotherVersionOrHeader() {
		assertMalformed("atoll-telemetry 2 seq=1 uptime_ms=2\n", "version");
		assertMalformed("something else\n", "header");
		assertMalformed("", "header");
	}

	@Test
	void rejectsMissingHeaderFieldsAndBadTokens() {
		assertMalformed("atoll-telemetry 1 uptime_ms=2\n", "missing seq");
		assertMalformed("atoll-telemetry 1 seq=1 uptime_ms=2\ntask kind=root\n", "name");
		assertMalformed("atoll-telemetry 1 seq=1 uptime_ms=2\ntask name=bad/name\n", "name");
		assertMalformed("atoll-telemetry 1 seq=1 uptime_ms=2\ntask name=root  prio=1\n", "key=value");
		assertMalformed("atoll-telemetry 1 seq=1 seq=2 uptime_ms=2\n", "duplicate");
	}

	@Test
	void neverThrowsOnGarbage() {
		java.util.Random random = new java.util.Random(3);
		for (int i = 0; i < 2000; i++) {
			byte[] bytes = new byte[random.nextInt(200)];
			random.nextBytes(bytes);
			String text = "atoll-telemetry 1 " + new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
			assertThat(TelemetryParser.parse(text)).isNotNull();
		}
	}

	private static void assertMalformed(String text, String reasonFragment) {
		assertThat(TelemetryParser.parse(text)).isInstanceOfSatisfying(TelemetryParse.Malformed.class,
				(malformed) -> assertThat(malformed.reason()).contains(reasonFragment));
	}

}
