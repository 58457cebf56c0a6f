package dev.atoll.agent.telemetry;

import dev.atoll.api.TaskReport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TelemetryParserTests {

	@Test
	void parsesTheRecordOfTheFormatDocument() {
		TelemetryParse parse = TelemetryParser.parse("""
				atoll-telemetry 1 seq=41 uptime_ms=41007
				task name=root kind=root state=running prio=255 mem_used=1146880 mem_budget=1146880
				""");

		assertThat(parse).isEqualTo(new TelemetryParse.Parsed(new TelemetryRecord(41, 41007,
				java.util.List.of(new TaskReport("root", "root", "running", 255, 1146880, 1146880)))));
	}

	@Test
	void ignoresUnknownKeysAndUnknownLineKinds() {
		TelemetryParse parse = TelemetryParser.parse("""
				atoll-telemetry 1 seq=1 uptime_ms=2 cpu=4
				task name=uart kind=service state=blocked prio=200 mem_used=10 mem_budget=20 syscalls=99
				endpoint name=uart.ep calls=3
				task name=linux kind=personality state=running prio=100 mem_used=30 mem_budget=40""");

		assertThat(parse).isInstanceOfSatisfying(TelemetryParse.Parsed.class,
				(parsed) -> assertThat(parsed.record().tasks()).extracting(TaskReport::name)
					.containsExactly("uart", "linux"));
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
