package dev.atoll.agent.bootconfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.atoll.agent.testing.DemoRuns;
import dev.atoll.api.PersonalitySpec;
import dev.atoll.api.RestartPolicy;
import dev.atoll.api.RestartSpec;
import dev.atoll.api.ServiceSpec;
import dev.atoll.api.SystemSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The renderer against the format of docs/boot-config.md: the JSON of a system the root
 * task's own test systems ({@code images/systems/*.conf}) declare renders into the same
 * declarations, read back with the documented keys and defaults.
 */
class BootConfigTests {

	private static final RestartSpec NEVER = new RestartSpec(RestartPolicy.Never, 3, 100);

	@Test
	void everyServiceItsOwnTaskRendersAsTheSplitSystem() throws IOException {
		SystemSpec split = new SystemSpec(256,
				List.of(personality("svctest", List.of("uart", "fs")), personality("counter", List.of("uart"))),
				List.of(service("uart", List.of(), 200, 131072L, List.of("console"), List.of(), List.of(),
						new RestartSpec(RestartPolicy.Always, 3, 500)),
						service("blk", List.of(), 190, 262144L, List.of("virtio-mmio"), List.of(79), List.of(),
								new RestartSpec(RestartPolicy.Always, 3, 100)),
						service("fs", List.of(), 180, 131072L, List.of(), List.of(), List.of("blk"),
								new RestartSpec(RestartPolicy.Always, 3, 100))));

		String text = BootConfig.render(split);

		assertThat(text).startsWith("atoll-boot-config 1\n").endsWith("\n");
		assertThat(declarations(text)).isEqualTo(declarations(system("split")));
	}

	@Test
	void linkedServicesRenderAsTheMixedSystemWithTheirHostsUsingThem() throws IOException {
		SystemSpec mixed = new SystemSpec(256,
				List.of(new PersonalitySpec("svctest", "linux", "svctest", 100, 262144L, List.of(), List.of(),
						List.of("uart", "fs"), NEVER)),
				List.of(service("uart", List.of(), 200, 131072L, List.of("console"), List.of(), List.of(), NEVER),
						service("blk", List.of("svctest"), null, null, List.of("virtio-mmio"), List.of(79), List.of(),
								null),
						service("fs", List.of("svctest"), null, null, List.of(), List.of(), List.of("blk"), null)));

		String text = BootConfig.render(mixed);

		Map<String, Map<String, String>> expected = declarations(system("mixed"));
		// The mapping names every linked service in its host's uses=; mixed.conf leaves
		// blk
		// to fs.
		expected.get("task svctest").put("uses", "uart,fs,blk");
		assertThat(declarations(text)).isEqualTo(expected);
		assertThat(DeclaredSystem.of(mixed).tasks()).containsExactly(new DeclaredSystem.Task("uart", "service"),
				new DeclaredSystem.Task("svctest", "program"));
		assertThat(DeclaredSystem.of(mixed).linked()).containsExactly(new DeclaredSystem.Link("blk", "svctest"),
				new DeclaredSystem.Link("fs", "svctest"));
	}

	@Test
	void everyLineStaysWithinTheFormatsLimits() {
		SystemSpec wide = new SystemSpec(4096, List.of(personality("a-long-name-15c", List.of("uart"))),
				List.of(service("uart", List.of(), 254, 4L << 30, List.of("console", "virtio-mmio"),
						List.of(1000, 1001, 1002, 1003), List.of(),
						new RestartSpec(RestartPolicy.Always, 1000, 600000))));

		for (String line : BootConfig.render(wide).split("\n")) {
			assertThat(line.length()).isLessThanOrEqualTo(255);
			assertThat(line).matches("[ -~]*");
		}
	}

	private static PersonalitySpec personality(String name, List<String> uses) {
		return new PersonalitySpec(name, "linux", name, 100, 131072L, List.of(), List.of(), uses, NEVER);
	}

	private static ServiceSpec service(String name, List<String> linkedInto, Integer priority, Long memory,
			List<String> devices, List<Integer> irqs, List<String> uses, RestartSpec restart) {
		return new ServiceSpec(name, name, null, linkedInto, priority, memory, devices, irqs, uses, restart);
	}

	private static String system(String name) throws IOException {
		return Files.readString(DemoRuns.imagesDir().resolveSibling("systems").resolve(name + ".conf"));
	}

	/**
	 * Reads a configuration as docs/boot-config.md defines it: each declaration's keys
	 * with the documented defaults filled in and sizes in bytes.
	 */
	static Map<String, Map<String, String>> declarations(String text) {
		String[] lines = text.split("\n");
		assertThat(lines[0]).isEqualTo(BootConfig.HEADER);
		Map<String, Map<String, String>> declarations = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			String line = lines[i].strip();
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			String[] tokens = line.split(" ");
			assertThat(tokens[0]).isIn("task", "service");
			Map<String, String> fields = new LinkedHashMap<>();
			for (int t = 2; t < tokens.length; t++) {
				String[] pair = tokens[t].split("=", 2);
				assertThat(fields.put(pair[0], pair[1])).as("key %s in '%s'", pair[0], line).isNull();
			}
			fields.putIfAbsent("elf", tokens[1]);
			boolean ownTask = tokens[0].equals("task") || "task".equals(fields.get("placement"));
			if (ownTask) {
				fields.putIfAbsent("prio", "100");
				fields.putIfAbsent("restart", "never");
				fields.putIfAbsent("restart_limit", "3");
				fields.putIfAbsent("backoff_ms", "100");
				fields.put("mem", Long.toString(size(fields.get("mem"))));
			}
			declarations.put(tokens[0] + " " + tokens[1], fields);
		}
		return declarations;
	}

	private static long size(String value) {
		if (value.endsWith("K")) {
			return Long.parseLong(value.substring(0, value.length() - 1)) * 1024;
		}
		if (value.endsWith("M")) {
			return Long.parseLong(value.substring(0, value.length() - 1)) * 1024 * 1024;
		}
		return Long.parseLong(value);
	}

}
