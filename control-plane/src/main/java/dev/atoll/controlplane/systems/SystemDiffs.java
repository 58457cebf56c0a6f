package dev.atoll.controlplane.systems;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;

import dev.atoll.api.SystemDiff;
import dev.atoll.api.SystemSpec;
import dev.atoll.api.TaskChange;
import dev.atoll.api.TaskSpec;

/**
 * What differs between two normalized revisions, task by task (matched by name): added,
 * removed, and changed with the fields that differ and where the task runs before and
 * after.
 */
final class SystemDiffs {

	/** The fields compared, in the order a change lists them. */
	private static final Map<String, Function<TaskSpec, Object>> FIELDS = fields();

	private SystemDiffs() {
	}

	/** The diff of {@code after} against revision {@code against} (null: no revision). */
	static SystemDiff between(Integer against, SystemSpec before, SystemSpec after) {
		Map<String, TaskSpec> old = byName(before);
		Map<String, TaskSpec> current = byName(after);
		List<TaskChange> changes = new ArrayList<>();
		current.forEach((name, task) -> {
			TaskSpec was = old.get(name);
			if (was == null) {
				changes
					.add(new TaskChange(name, TaskChange.Change.Added, List.of(), null, SystemRules.placement(task)));
				return;
			}
			List<String> differing = new ArrayList<>();
			if (was.getClass() != task.getClass()) {
				differing.add("type");
			}
			FIELDS.forEach((field, value) -> {
				if (!Objects.equals(value.apply(was), value.apply(task))) {
					differing.add(field);
				}
			});
			if (!differing.isEmpty()) {
				changes.add(new TaskChange(name, TaskChange.Change.Changed, differing, SystemRules.placement(was),
						SystemRules.placement(task)));
			}
		});
		old.forEach((name, task) -> {
			if (!current.containsKey(name)) {
				changes
					.add(new TaskChange(name, TaskChange.Change.Removed, List.of(), SystemRules.placement(task), null));
			}
		});
		return new SystemDiff(after, against, (before != null) ? before.memoryMb() : null, changes);
	}

	private static Map<String, TaskSpec> byName(SystemSpec spec) {
		Map<String, TaskSpec> tasks = new LinkedHashMap<>();
		if (spec != null) {
			Stream.concat(spec.personalities().stream(), spec.services().stream())
				.forEach((task) -> tasks.put(task.name(), task));
		}
		return tasks;
	}

	private static Map<String, Function<TaskSpec, Object>> fields() {
		Map<String, Function<TaskSpec, Object>> fields = new LinkedHashMap<>();
		fields.put("kind", TaskSpec::kind);
		fields.put("program", TaskSpec::program);
		fields.put("placement", SystemRules::placement);
		fields.put("priority", TaskSpec::priority);
		fields.put("memoryBudgetBytes", TaskSpec::memoryBudgetBytes);
		fields.put("devices", TaskSpec::devices);
		fields.put("irqs", TaskSpec::irqs);
		fields.put("uses", TaskSpec::uses);
		fields.put("restart", TaskSpec::restart);
		return fields;
	}

}
