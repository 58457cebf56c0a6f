package dev.atoll.agent.reconcile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import dev.atoll.agent.bootconfig.DeclaredSystem;
import dev.atoll.agent.console.ConsoleSnapshot;
import dev.atoll.agent.telemetry.TelemetryRecord;
import dev.atoll.api.ConditionType;
import dev.atoll.api.InstanceCondition;
import dev.atoll.api.Phase;
import dev.atoll.api.TaskReport;

/**
 * The conditions the agent computes for an instance (Booted, SplitApplied, Ready) from
 * what it observes: the phase, the generation it acts on, and the last telemetry record
 * against the system the boot configuration declares. A record still missing parts says
 * nothing about SplitApplied and Ready: they keep their last value.
 */
final class Conditions {

	/** The root task is up: a telemetry record arrived. */
	static final String TELEMETRY_RECEIVED = "TelemetryReceived";

	/** The root task rejected the boot configuration. */
	static final String CONFIG_REJECTED = "ConfigRejected";

	private static final String ROOT_KIND = "root";

	private static final String RUNNING = "running";

	private Conditions() {
	}

	/**
	 * The conditions now, keeping each one's last transition time when its status did not
	 * change.
	 * @param previous the conditions computed before (empty at first)
	 * @param declared the system the instance's boot configuration declares, or null for
	 * the image's own (then the tasks the root task reports are the declared ones)
	 * @param actingOn the generation the observed run belongs to
	 * @param desired the generation desired now
	 */
	static List<InstanceCondition> observe(List<InstanceCondition> previous, Phase phase, ConsoleSnapshot snapshot,
			DeclaredSystem declared, long actingOn, long desired, Instant now) {
		Map<ConditionType, InstanceCondition> before = new HashMap<>();
		previous.forEach((condition) -> before.put(condition.type(), condition));
		boolean running = phase == Phase.Booting || phase == Phase.Running;
		TelemetryRecord record = (snapshot != null) ? snapshot.lastRecord() : null;
		List<Observed> observed = new ArrayList<>();
		String rejection = rejection(snapshot);
		if (!running) {
			String why = phase.name();
			observed.add(new Observed(ConditionType.Booted, false, why, ""));
			if (rejection != null) {
				observed.add(new Observed(ConditionType.SplitApplied, false, CONFIG_REJECTED, rejection));
				observed.add(new Observed(ConditionType.Ready, false, CONFIG_REJECTED, rejection));
			}
			else {
				observed.add(new Observed(ConditionType.SplitApplied, false, why, ""));
				observed.add(new Observed(ConditionType.Ready, false, why, ""));
			}
		}
		else if (record == null) {
			String waiting = "waiting for the first telemetry record";
			observed.add(new Observed(ConditionType.Booted, false, "Booting", waiting));
			observed.add(new Observed(ConditionType.SplitApplied, false, "Booting", waiting));
			observed.add(new Observed(ConditionType.Ready, false, "Booting", waiting));
		}
		else {
			observed.add(new Observed(ConditionType.Booted, true, TELEMETRY_RECEIVED, "the root task reports"));
			if (record.complete() || record.configError() != null) {
				Observed split = (rejection != null)
						? new Observed(ConditionType.SplitApplied, false, CONFIG_REJECTED, rejection)
						: splitApplied(record, declared);
				observed.add(split);
				observed.add(ready(record, split, declared, actingOn, desired));
			}
		}
		List<InstanceCondition> conditions = new ArrayList<>();
		for (ConditionType type : List.of(ConditionType.Booted, ConditionType.SplitApplied, ConditionType.Ready)) {
			Observed current = observed.stream().filter((o) -> o.type() == type).findFirst().orElse(null);
			InstanceCondition last = before.get(type);
			if (current == null && last != null) {
				conditions.add(last);
				continue;
			}
			if (current == null) {
				current = new Observed(type, false, "Booting", "waiting for a whole telemetry record");
			}
			Instant since = (last != null && last.status() == current.status()) ? last.lastTransitionTime() : now;
			conditions.add(new InstanceCondition(type, current.status(), current.reason(), current.message(), since));
		}
		return conditions;
	}

	/**
	 * The root task's rejection of the boot configuration as the console shows it
	 * ({@code CODE: its reason}), or null when the last telemetry record says none.
	 */
	static String rejection(ConsoleSnapshot snapshot) {
		TelemetryRecord record = (snapshot != null) ? snapshot.lastRecord() : null;
		if (record == null || record.configError() == null) {
			return null;
		}
		String line = snapshot.configRejected();
		String marker = " rejected: ";
		String reason = (line != null && line.contains(marker)) ? line.substring(line.indexOf(marker) + marker.length())
				: "the root task rejected the boot configuration";
		return record.configError() + ": " + reason;
	}

	/** Whether the record's tasks and linked services are those declared. */
	private static Observed splitApplied(TelemetryRecord record, DeclaredSystem declared) {
		List<DeclaredSystem.Task> tasks = builtTasks(record);
		if (declared == null) {
			return new Observed(ConditionType.SplitApplied, true, "ImageConfiguration",
					"the image's own configuration: " + tasks.size() + " task(s)");
		}
		Set<String> missing = new LinkedHashSet<>();
		Set<String> unexpected = new LinkedHashSet<>();
		difference(declared.tasks(), tasks, (task) -> task.name() + " (" + task.kind() + ")", missing, unexpected);
		List<DeclaredSystem.Link> linked = record.linked()
			.stream()
			.map((link) -> new DeclaredSystem.Link(link.name(), link.user()))
			.toList();
		difference(declared.linked(), linked, (link) -> link.service() + " linked into " + link.user(), missing,
				unexpected);
		if (missing.isEmpty() && unexpected.isEmpty()) {
			return new Observed(ConditionType.SplitApplied, true, "Applied",
					declared.tasks().size() + " task(s), " + declared.linked().size() + " linked service(s)");
		}
		List<String> parts = new ArrayList<>();
		if (!missing.isEmpty()) {
			parts.add("missing " + String.join(", ", missing));
		}
		if (!unexpected.isEmpty()) {
			parts.add("not declared " + String.join(", ", unexpected));
		}
		return new Observed(ConditionType.SplitApplied, false, "Mismatch", String.join("; ", parts));
	}

	/** Ready: the desired generation runs and every declared task is running. */
	private static Observed ready(TelemetryRecord record, Observed split, DeclaredSystem declared, long actingOn,
			long desired) {
		if (!split.status()) {
			return new Observed(ConditionType.Ready, false, split.reason(), split.message());
		}
		if (actingOn != desired) {
			return new Observed(ConditionType.Ready, false, "GenerationPending",
					"running generation " + actingOn + ", generation " + desired + " desired");
		}
		List<DeclaredSystem.Task> expected = (declared != null) ? declared.tasks() : builtTasks(record);
		Map<String, String> states = new HashMap<>();
		record.tasks().forEach((task) -> states.put(task.name(), task.state()));
		List<String> waiting = new ArrayList<>();
		for (DeclaredSystem.Task task : expected) {
			String state = states.get(task.name());
			if (!RUNNING.equals(state)) {
				waiting.add(task.name() + " (" + Objects.requireNonNullElse(state, "absent") + ")");
			}
		}
		if (!waiting.isEmpty()) {
			return new Observed(ConditionType.Ready, false, "TasksNotRunning",
					"waiting for " + String.join(", ", waiting));
		}
		return new Observed(ConditionType.Ready, true, "TasksRunning",
				expected.size() + " of " + expected.size() + " declared task(s) running");
	}

	/** The tasks the root task built, as telemetry lists them (without itself). */
	private static List<DeclaredSystem.Task> builtTasks(TelemetryRecord record) {
		List<DeclaredSystem.Task> tasks = new ArrayList<>();
		for (TaskReport task : record.tasks()) {
			if (!ROOT_KIND.equals(task.kind())) {
				tasks.add(new DeclaredSystem.Task(task.name(), task.kind()));
			}
		}
		return tasks;
	}

	private static <T> void difference(List<T> declared, List<T> actual, Function<T, String> name, Set<String> missing,
			Set<String> unexpected) {
		Set<T> actualSet = new HashSet<>(actual);
		Set<T> declaredSet = new HashSet<>(declared);
		declared.stream().filter((item) -> !actualSet.contains(item)).map(name).forEach(missing::add);
		actual.stream().filter((item) -> !declaredSet.contains(item)).map(name).forEach(unexpected::add);
	}

	private record Observed(ConditionType type, boolean status, String reason, String message) {
	}

}
