package dev.atoll.agent.bootconfig;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;

import dev.atoll.api.PersonalitySpec;
import dev.atoll.api.RestartPolicy;
import dev.atoll.api.RestartSpec;
import dev.atoll.api.ServiceSpec;
import dev.atoll.api.SystemSpec;
import dev.atoll.api.TaskSpec;

/**
 * Renders a system revision's spec into the root task's boot configuration, format
 * version 1 (docs/boot-config.md), following the mapping of docs/control-plane.md:
 * services, then personalities as {@code task} lines; a service with {@code linkedInto}
 * is {@code placement=linked} and named in each host's {@code uses=}. Defaults the
 * control plane fills in are rendered as given; what the root task checks (names, counts,
 * ELFs) is left to it, so that it rejects a configuration with its own reason.
 */
public final class BootConfig {

	/** The first line of every configuration. */
	public static final String HEADER = "atoll-boot-config 1";

	/** The initrd member that carries it. */
	public static final String MEMBER = "config";

	private BootConfig() {
	}

	/** The configuration text, one declaration a line, ending with a newline. */
	public static String render(SystemSpec spec) {
		StringBuilder text = new StringBuilder(HEADER).append('\n');
		List<ServiceSpec> services = list(spec.services());
		for (ServiceSpec service : services) {
			boolean linked = !list(service.linkedInto()).isEmpty();
			StringBuilder line = new StringBuilder("service ").append(service.name());
			program(line, service);
			line.append(" placement=").append(linked ? "linked" : "task");
			if (!linked) {
				ownTask(line, service);
			}
			resources(line, service, List.of());
			text.append(line).append('\n');
		}
		for (PersonalitySpec personality : list(spec.personalities())) {
			StringBuilder line = new StringBuilder("task ").append(personality.name());
			program(line, personality);
			ownTask(line, personality);
			List<String> linkedHere = services.stream()
				.filter((service) -> list(service.linkedInto()).contains(personality.name()))
				.map(ServiceSpec::name)
				.toList();
			resources(line, personality, linkedHere);
			text.append(line).append('\n');
		}
		return text.toString();
	}

	static <T> List<T> list(List<T> values) {
		return (values != null) ? values.stream().filter(Objects::nonNull).toList() : List.of();
	}

	private static void program(StringBuilder line, TaskSpec task) {
		String program = (task.program() != null) ? task.program() : task.kind();
		if (program != null) {
			line.append(" elf=").append(program);
		}
	}

	/** Priority, budget and restart policy of a task of its own. */
	private static void ownTask(StringBuilder line, TaskSpec task) {
		if (task.priority() != null) {
			line.append(" prio=").append(task.priority());
		}
		if (task.memoryBudgetBytes() != null) {
			line.append(" mem=").append(task.memoryBudgetBytes());
		}
		RestartSpec restart = task.restart();
		if (restart != null) {
			if (restart.policy() != null) {
				line.append(" restart=").append((restart.policy() == RestartPolicy.Always) ? "always" : "never");
			}
			if (restart.maxRestarts() != null) {
				line.append(" restart_limit=").append(restart.maxRestarts());
			}
			if (restart.backoffMs() != null) {
				line.append(" backoff_ms=").append(restart.backoffMs());
			}
		}
	}

	/** Devices, interrupts and the services it calls (with the ones linked into it). */
	private static void resources(StringBuilder line, TaskSpec task, List<String> linkedHere) {
		joined(line, "devices", list(task.devices()));
		List<String> irqs = new ArrayList<>();
		list(task.irqs()).forEach((irq) -> irqs.add(irq.toString()));
		joined(line, "irqs", irqs);
		Set<String> uses = new LinkedHashSet<>(list(task.uses()));
		uses.addAll(linkedHere);
		joined(line, "uses", List.copyOf(uses));
	}

	private static void joined(StringBuilder line, String key, List<String> values) {
		if (!values.isEmpty()) {
			StringJoiner joined = new StringJoiner(",", " " + key + "=", "");
			values.forEach(joined::add);
			line.append(joined);
		}
	}

}
