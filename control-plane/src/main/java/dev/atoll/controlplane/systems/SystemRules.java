package dev.atoll.controlplane.systems;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.atoll.api.PersonalitySpec;
import dev.atoll.api.RestartPolicy;
import dev.atoll.api.RestartSpec;
import dev.atoll.api.ServiceSpec;
import dev.atoll.api.SystemSpec;
import dev.atoll.api.TaskSpec;
import dev.atoll.controlplane.system.GuestMemory;
import dev.atoll.controlplane.system.Names;
import dev.atoll.controlplane.system.Violation;

/**
 * What a system spec must satisfy, checked completely (every violation is reported, each
 * named by its JSON path such as {@code spec.services[1].linkedInto[0]}), and the
 * defaults a valid one is stored with. Unknown fields and wrong types never get here: the
 * strict JSON reader refuses them first.
 */
final class SystemRules {

	/** Within the boot configuration's name rule ({@code [A-Za-z0-9_.-]}, at most 15). */
	static final Pattern TASK_NAME = Pattern.compile("[a-z][a-z0-9-]{0,14}");

	static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]{0,31}");

	static final Pattern DEVICE = Pattern.compile("[a-z][a-z0-9-]{0,31}");

	/** The services the root task knows how to build. */
	static final Set<String> SERVICE_KINDS = Set.of("uart", "blk", "fs", "net");

	static final int MAX_TASKS = 64;

	static final int MAX_ENTRIES = 64;

	/** 255 is seL4_MaxPrio, the root task's own priority. */
	static final int MAX_PRIORITY = 254;

	static final int PAGE_BYTES = 4096;

	static final int DEFAULT_PERSONALITY_PRIORITY = 100;

	static final int DEFAULT_SERVICE_PRIORITY = 150;

	static final RestartSpec DEFAULT_RESTART = new RestartSpec(RestartPolicy.Never, 3, 100);

	static final int MAX_IRQ = 1019;

	static final int MAX_IRQS = 4;

	static final int MAX_RESTARTS = 1000;

	static final int MAX_BACKOFF_MS = 600_000;

	private SystemRules() {
	}

	/** Every violation of the spec at {@code field} (normally {@code spec}). */
	static List<Violation> check(String field, SystemSpec spec) {
		List<Violation> violations = new ArrayList<>();
		if (spec == null) {
			violations.add(new Violation(field, "is required"));
			return violations;
		}
		if (spec.memoryMb() == null) {
			violations.add(new Violation(field + ".memoryMb", "is required"));
		}
		else if (spec.memoryMb() < GuestMemory.MIN_MB || spec.memoryMb() > GuestMemory.MAX_MB) {
			violations.add(new Violation(field + ".memoryMb", GuestMemory.range()));
		}
		Map<String, Entry> tasks = new LinkedHashMap<>();
		collect(field + ".personalities", spec.personalities(), tasks, violations);
		collect(field + ".services", spec.services(), tasks, violations);
		if (tasks.isEmpty() && violations.isEmpty()) {
			violations.add(new Violation(field, "must declare at least one personality or service"));
		}
		Map<String, String> deviceOwners = new HashMap<>();
		Map<Integer, String> irqOwners = new HashMap<>();
		for (Entry entry : tasks.values()) {
			checkTask(entry, deviceOwners, irqOwners, violations);
		}
		for (Entry entry : tasks.values()) {
			checkReferences(entry, tasks, violations);
		}
		if (violations.isEmpty()) {
			checkBudgets(field, spec.memoryMb(), tasks.values(), violations);
		}
		return violations;
	}

	/**
	 * The spec as stored: defaults filled in, absent lists empty. Only for a spec that
	 * {@link #check} accepted.
	 */
	static SystemSpec normalize(SystemSpec spec) {
		List<PersonalitySpec> personalities = orEmpty(spec.personalities()).stream()
			.map((p) -> new PersonalitySpec(p.name(), p.kind(), orDefault(p.program(), p.kind()),
					orDefault(p.priority(), DEFAULT_PERSONALITY_PRIORITY), p.memoryBudgetBytes(), orEmpty(p.devices()),
					orEmpty(p.irqs()), orEmpty(p.uses()), restart(p.restart())))
			.toList();
		List<ServiceSpec> services = orEmpty(spec.services()).stream()
			.map((s) -> orEmpty(s.linkedInto()).isEmpty()
					? new ServiceSpec(s.name(), s.kind(), orDefault(s.program(), s.kind()), List.of(),
							orDefault(s.priority(), DEFAULT_SERVICE_PRIORITY), s.memoryBudgetBytes(),
							orEmpty(s.devices()), orEmpty(s.irqs()), orEmpty(s.uses()), restart(s.restart()))
					: new ServiceSpec(s.name(), s.kind(), orDefault(s.program(), s.kind()), s.linkedInto(), null, null,
							orEmpty(s.devices()), orEmpty(s.irqs()), orEmpty(s.uses()), null))
			.toList();
		return new SystemSpec(spec.memoryMb(), personalities, services);
	}

	/** Where a task runs, in the words of a diff. */
	static String placement(TaskSpec task) {
		if (task instanceof ServiceSpec service && !orEmpty(service.linkedInto()).isEmpty()) {
			return "linked into " + String.join(", ", service.linkedInto());
		}
		return "own task";
	}

	/**
	 * A declared task and where it was declared.
	 *
	 * @param field its JSON path, e.g. {@code spec.services[2]}
	 * @param task the declaration
	 */
	private record Entry(String field, TaskSpec task) {

		List<String> linkedInto() {
			return (this.task instanceof ServiceSpec service) ? orEmpty(service.linkedInto()) : List.of();
		}

		boolean linked() {
			return !linkedInto().isEmpty();
		}

		boolean isService() {
			return this.task instanceof ServiceSpec;
		}

		int priority() {
			return orDefault(this.task.priority(),
					isService() ? DEFAULT_SERVICE_PRIORITY : DEFAULT_PERSONALITY_PRIORITY);
		}

		/** The tasks whose address space it runs in: itself, or its hosts. */
		List<String> spaces() {
			return linked() ? linkedInto() : List.of(this.task.name());
		}

	}

	private static void collect(String field, List<? extends TaskSpec> declared, Map<String, Entry> tasks,
			List<Violation> violations) {
		if (declared == null) {
			return;
		}
		if (declared.size() > MAX_TASKS) {
			violations.add(new Violation(field, "must have at most " + MAX_TASKS + " entries"));
			return;
		}
		for (int i = 0; i < declared.size(); i++) {
			String at = field + "[" + i + "]";
			TaskSpec task = declared.get(i);
			if (task == null) {
				violations.add(new Violation(at, "must not be null"));
				continue;
			}
			if (task.name() == null || task.name().isEmpty()) {
				violations.add(new Violation(at + ".name", "is required"));
			}
			else if (!TASK_NAME.matcher(task.name()).matches()) {
				violations.add(new Violation(at + ".name",
						"must be a lower-case letter, then up to 14 lower-case letters, digits or dashes"));
			}
			else if (tasks.containsKey(task.name())) {
				violations.add(new Violation(at + ".name", "'" + task.name() + "' is already the name of "
						+ tasks.get(task.name()).field() + "; names are unique among personalities and services"));
			}
			else {
				tasks.put(task.name(), new Entry(at, task));
			}
		}
	}

	private static void checkTask(Entry entry, Map<String, String> deviceOwners, Map<Integer, String> irqOwners,
			List<Violation> violations) {
		String at = entry.field();
		TaskSpec task = entry.task();
		if (task.kind() == null || task.kind().isEmpty()) {
			violations.add(new Violation(at + ".kind", "is required"));
		}
		else if (entry.isService() && !SERVICE_KINDS.contains(task.kind())) {
			violations.add(new Violation(at + ".kind", "must be one of " + SERVICE_KINDS.stream().sorted().toList()));
		}
		else if (!KIND.matcher(task.kind()).matches()) {
			violations.add(new Violation(at + ".kind",
					"must be a lower-case letter, then up to 31 lower-case letters, digits or dashes"));
		}
		if (task.program() != null && !Names.FILE.matcher(task.program()).matches()) {
			violations.add(new Violation(at + ".program", Names.FILE_RULE));
		}
		if (task.priority() != null && (task.priority() < 0 || task.priority() > MAX_PRIORITY)) {
			violations.add(new Violation(at + ".priority",
					"must be between 0 and " + MAX_PRIORITY + " (255 is the root task's)"));
		}
		if (entry.linked()) {
			checkAbsentWhenLinked(entry, violations);
		}
		else if (task.memoryBudgetBytes() == null) {
			violations.add(new Violation(at + ".memoryBudgetBytes", "is required"));
		}
		if (task.memoryBudgetBytes() != null && !entry.linked()
				&& (task.memoryBudgetBytes() < PAGE_BYTES || task.memoryBudgetBytes() % PAGE_BYTES != 0)) {
			violations.add(new Violation(at + ".memoryBudgetBytes",
					"must be a positive multiple of " + PAGE_BYTES + " (one page)"));
		}
		checkNames(at + ".devices", task.devices(), DEVICE, violations);
		for (int i = 0; task.devices() != null && i < task.devices().size(); i++) {
			String device = task.devices().get(i);
			if (device == null || !DEVICE.matcher(device).matches()) {
				continue;
			}
			String owner = deviceOwners.putIfAbsent(device, task.name());
			if (owner != null && !owner.equals(task.name())) {
				violations.add(new Violation(at + ".devices[" + i + "]",
						"device '" + device + "' is already owned by '" + owner + "'; a device has one owner"));
			}
		}
		checkIrqs(at + ".irqs", task.irqs(), irqOwners, task.name(), violations);
		checkNames(at + ".uses", task.uses(), TASK_NAME, violations);
		checkNames(at + ".linkedInto", entry.linkedInto(), TASK_NAME, violations);
		checkRestart(at + ".restart", task.restart(), violations);
	}

	/**
	 * A linked service runs with its host's priority, budget and restart policy, so
	 * declaring its own is a mistake (as in the boot configuration).
	 */
	private static void checkAbsentWhenLinked(Entry entry, List<Violation> violations) {
		TaskSpec task = entry.task();
		String why = "must be absent for a linked service: it runs with its host's";
		if (task.priority() != null) {
			violations.add(new Violation(entry.field() + ".priority", why + " priority"));
		}
		if (task.memoryBudgetBytes() != null) {
			violations.add(new Violation(entry.field() + ".memoryBudgetBytes", why + " memory budget"));
		}
		if (task.restart() != null) {
			violations.add(new Violation(entry.field() + ".restart", why + " restart policy"));
		}
	}

	/**
	 * Interrupt lines: at most {@value #MAX_IRQS}, 0..{@value #MAX_IRQ}, one owner each.
	 */
	private static void checkIrqs(String field, List<Integer> irqs, Map<Integer, String> owners, String name,
			List<Violation> violations) {
		if (irqs == null) {
			return;
		}
		if (irqs.size() > MAX_IRQS) {
			violations.add(new Violation(field, "must have at most " + MAX_IRQS + " entries"));
			return;
		}
		for (int i = 0; i < irqs.size(); i++) {
			Integer irq = irqs.get(i);
			if (irq == null || irq < 0 || irq > MAX_IRQ) {
				violations.add(new Violation(field + "[" + i + "]", "must be an interrupt line 0 to " + MAX_IRQ));
				continue;
			}
			String owner = owners.putIfAbsent(irq, name);
			if (owner != null) {
				violations.add(new Violation(field + "[" + i + "]", "interrupt " + irq + " is already owned by '"
						+ owner + "'" + (owner.equals(name) ? " (listed twice)" : "; a line has one owner")));
			}
		}
	}

	/** A list of names: at most {@value #MAX_ENTRIES}, each well-formed, no repeats. */
	private static void checkNames(String field, List<String> names, Pattern rule, List<Violation> violations) {
		if (names == null) {
			return;
		}
		if (names.size() > MAX_ENTRIES) {
			violations.add(new Violation(field, "must have at most " + MAX_ENTRIES + " entries"));
			return;
		}
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < names.size(); i++) {
			String name = names.get(i);
			if (name == null || !rule.matcher(name).matches()) {
				violations.add(new Violation(field + "[" + i + "]", "must match " + rule.pattern()));
			}
			else if (!seen.add(name)) {
				violations.add(new Violation(field + "[" + i + "]", "'" + name + "' is listed twice"));
			}
		}
	}

	private static void checkRestart(String field, RestartSpec restart, List<Violation> violations) {
		if (restart == null) {
			return;
		}
		if (restart.maxRestarts() != null && (restart.maxRestarts() < 0 || restart.maxRestarts() > MAX_RESTARTS)) {
			violations.add(new Violation(field + ".maxRestarts", "must be between 0 and " + MAX_RESTARTS));
		}
		if (restart.backoffMs() != null && (restart.backoffMs() < 0 || restart.backoffMs() > MAX_BACKOFF_MS)) {
			violations.add(new Violation(field + ".backoffMs", "must be between 0 and " + MAX_BACKOFF_MS));
		}
	}

	/**
	 * Links and uses name tasks that exist and can be reached; a service that owns
	 * devices runs once; a server runs at least at its clients' priority.
	 */
	private static void checkReferences(Entry entry, Map<String, Entry> tasks, List<Violation> violations) {
		String name = entry.task().name();
		List<String> hosts = entry.linkedInto();
		for (int i = 0; i < hosts.size(); i++) {
			String at = entry.field() + ".linkedInto[" + i + "]";
			Entry host = tasks.get(hosts.get(i));
			if (hosts.get(i) == null || !TASK_NAME.matcher(hosts.get(i)).matches()) {
				continue;
			}
			if (host == null) {
				violations.add(new Violation(at, "no personality or service named '" + hosts.get(i) + "'"));
			}
			else if (host == entry) {
				violations.add(new Violation(at, "a service cannot be linked into itself"));
			}
			else if (host.linked()) {
				violations.add(new Violation(at, "'" + hosts.get(i) + "' is itself linked into "
						+ String.join(", ", host.linkedInto()) + "; link into a task that runs on its own"));
			}
		}
		List<String> devices = orEmpty(entry.task().devices());
		if (hosts.size() > 1 && !devices.isEmpty()) {
			violations.add(new Violation(entry.field() + ".linkedInto",
					"a service that owns devices (" + String.join(", ", devices)
							+ ") runs once: it can be linked into one task at most, not " + hosts.size()));
		}
		List<String> uses = orEmpty(entry.task().uses());
		for (int i = 0; i < uses.size(); i++) {
			String at = entry.field() + ".uses[" + i + "]";
			if (uses.get(i) == null || !TASK_NAME.matcher(uses.get(i)).matches()) {
				continue;
			}
			Entry server = tasks.get(uses.get(i));
			if (server == null) {
				violations.add(new Violation(at, "no service named '" + uses.get(i) + "'"));
			}
			else if (server == entry) {
				violations.add(new Violation(at, "a task cannot use itself"));
			}
			else if (!server.isService()) {
				violations.add(new Violation(at, "'" + uses.get(i) + "' is a personality; only services can be used"));
			}
			else if (server.linked() && !server.linkedInto().containsAll(entry.spaces())) {
				violations.add(new Violation(at,
						"'" + uses.get(i) + "' is linked into " + String.join(", ", server.linkedInto()) + "; '" + name
								+ "' cannot reach it: link it into " + String.join(", ", entry.spaces())
								+ " too, or give it its own task"));
			}
			else if (!server.linked()) {
				checkPriority(at, entry, server, tasks, violations);
			}
		}
	}

	/**
	 * A client must not outrank a server it calls (the rule Hubris enforces): a busy
	 * higher-priority client would starve the server it waits for.
	 */
	private static void checkPriority(String at, Entry client, Entry server, Map<String, Entry> tasks,
			List<Violation> violations) {
		for (String space : client.spaces()) {
			Entry runner = tasks.get(space);
			if (runner != null && !runner.linked() && runner.priority() > server.priority()) {
				violations.add(new Violation(at,
						"'" + server.task().name() + "' runs at priority " + server.priority() + ", below its client '"
								+ space + "' at " + runner.priority()
								+ "; a server must run at least at its clients' priority"));
				return;
			}
		}
	}

	/** Tasks of their own hold the budgets; a linked service lives in its host's. */
	private static void checkBudgets(String field, int memoryMb, Iterable<Entry> tasks, List<Violation> violations) {
		long total = 0;
		for (Entry entry : tasks) {
			if (!entry.linked()) {
				total += entry.task().memoryBudgetBytes();
			}
		}
		long available = (long) memoryMb * 1024 * 1024;
		if (total > available) {
			violations.add(new Violation(field + ".memoryMb",
					"the memory budgets add up to " + total + " bytes (" + (total + (1 << 20) - 1) / (1 << 20)
							+ " MiB), more than the " + memoryMb + " MiB of the instance"));
		}
	}

	private static RestartSpec restart(RestartSpec restart) {
		if (restart == null) {
			return DEFAULT_RESTART;
		}
		return new RestartSpec(orDefault(restart.policy(), DEFAULT_RESTART.policy()),
				orDefault(restart.maxRestarts(), DEFAULT_RESTART.maxRestarts()),
				orDefault(restart.backoffMs(), DEFAULT_RESTART.backoffMs()));
	}

	private static <T> List<T> orEmpty(List<T> list) {
		return (list != null) ? list : List.of();
	}

	private static <T> T orDefault(T value, T fallback) {
		return (value != null) ? value : fallback;
	}

}
