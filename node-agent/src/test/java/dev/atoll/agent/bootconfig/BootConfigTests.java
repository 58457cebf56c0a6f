package dev.atoll.agent.bootconfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
	void theRootTasksOwnSystemsRoundTripThroughTheJsonModel() throws IOException {
		for (String system : List.of("demo", "split", "mixed", "monitor")) {
			Map<String, Map<String, String>> declared = declarations(system(system));

			String rendered = BootConfig.render(spec(declared));

			assertThat(rendered).startsWith("atoll-boot-config 1\n").endsWith("\n");
			assertThat(declarations(rendered)).as(system).isEqualTo(withLinkedInUses(declared));
		}
	}

	@Test
	void linkedServicesAreDeclaredByTheirHosts() throws IOException {
		SystemSpec mixed = spec(declarations(system("mixed")));

		assertThat(DeclaredSystem.of(mixed).tasks()).containsExactly(new DeclaredSystem.Task("uart", "service"),
				new DeclaredSystem.Task("svctest", "program"));
		assertThat(DeclaredSystem.of(mixed).linked()).containsExactly(new DeclaredSystem.Link("blk", "svctest"),
				new DeclaredSystem.Link("fs", "svctest"));
	}

	/**
	 * The JSON a system of the text format comes from (the mapping of
	 * docs/control-plane.md read backwards): a linked service is linked into every task
	 * that reaches it through its uses (directly or through linked services).
	 */
	private static SystemSpec spec(Map<String, Map<String, String>> declared) {
		List<PersonalitySpec> personalities = new ArrayList<>();
		List<ServiceSpec> services = new ArrayList<>();
		declared.forEach((key, fields) -> {
			String name = key.substring(key.indexOf(' ') + 1);
			boolean linked = "linked".equals(fields.get("placement"));
			List<String> devices = items(fields.get("devices"));
			List<Integer> irqs = items(fields.get("irqs")).stream().map(Integer::valueOf).toList();
			List<String> uses = items(fields.get("uses"));
			RestartSpec restart = linked ? null
					: new RestartSpec(
							fields.get("restart").equals("always") ? RestartPolicy.Always : RestartPolicy.Never,
							Integer.valueOf(fields.get("restart_limit")), Integer.valueOf(fields.get("backoff_ms")));
			Integer prio = linked ? null : Integer.valueOf(fields.get("prio"));
			Long mem = linked ? null : Long.valueOf(fields.get("mem"));
			if (key.startsWith("task ")) {
				personalities.add(
						new PersonalitySpec(name, "linux", fields.get("elf"), prio, mem, devices, irqs, uses, restart));
			}
			else {
				List<String> hosts = linked ? hosts(declared, name) : List.of();
				services.add(new ServiceSpec(name, fields.get("elf"), fields.get("elf"), hosts, prio, mem, devices,
						irqs, uses, restart));
			}
		});
		return new SystemSpec(256, personalities, services);
	}

	/**
	 * The tasks whose uses reach {@code service}, directly or through linked services.
	 */
	private static List<String> hosts(Map<String, Map<String, String>> declared, String service) {
		List<String> hosts = new ArrayList<>();
		declared.forEach((key, fields) -> {
			if (key.startsWith("task ") && reaches(declared, items(fields.get("uses")), service)) {
				hosts.add(key.substring("task ".length()));
			}
		});
		return hosts;
	}

	private static boolean reaches(Map<String, Map<String, String>> declared, List<String> uses, String service) {
		for (String used : uses) {
			Map<String, String> fields = declared.get("service " + used);
			if (used.equals(service) || (fields != null && "linked".equals(fields.get("placement"))
					&& reaches(declared, items(fields.get("uses")), service))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * What the mapping renders: every task names each service linked into it in uses=.
	 */
	private static Map<String, Map<String, String>> withLinkedInUses(Map<String, Map<String, String>> declared) {
		Map<String, Map<String, String>> expected = new LinkedHashMap<>();
		declared.forEach((key, fields) -> expected.put(key, new LinkedHashMap<>(fields)));
		declared.forEach((key, fields) -> {
			if ("linked".equals(fields.get("placement"))) {
				String service = key.substring("service ".length());
				for (String host : hosts(declared, service)) {
					Map<String, String> task = expected.get("task " + host);
					List<String> uses = new ArrayList<>(items(task.get("uses")));
					if (!uses.contains(service)) {
						uses.add(service);
						task.put("uses", String.join(",", uses));
					}
				}
			}
		});
		// Services first, then tasks: the renderer's order.
		Map<String, Map<String, String>> ordered = new LinkedHashMap<>();
		expected.forEach((key, fields) -> {
			if (key.startsWith("service ")) {
				ordered.put(key, fields);
			}
		});
		expected.forEach(ordered::putIfAbsent);
		return ordered;
	}

	private static List<String> items(String value) {
		return (value == null) ? List.of() : List.of(value.split(","));
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
