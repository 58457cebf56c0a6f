package dev.atoll.controlplane.instances;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.atoll.api.ConditionType;
import dev.atoll.api.CreateInstanceRequest;
import dev.atoll.api.EndpointReport;
import dev.atoll.api.ImageComponent;
import dev.atoll.api.ImageView;
import dev.atoll.api.InstanceCondition;
import dev.atoll.api.InstanceReport;
import dev.atoll.api.NodeHeartbeat;
import dev.atoll.api.SystemSpec;
import dev.atoll.controlplane.system.GuestMemory;
import dev.atoll.controlplane.system.IdempotencyKeys;
import dev.atoll.controlplane.system.Labels;
import dev.atoll.controlplane.system.Names;
import dev.atoll.controlplane.system.Violation;

/** What requests about instances must satisfy; every violation is reported. */
final class InstanceRules {

	static final int MAX_CONSOLE_LINES = 200;

	static final int MAX_LINE_LENGTH = 4096;

	static final int MAX_REASON_LENGTH = 64;

	static final int MAX_TASKS = 1024;

	static final int MAX_RUNNING = 10_000;

	private InstanceRules() {
	}

	static List<Violation> check(CreateInstanceRequest request) {
		List<Violation> violations = new ArrayList<>();
		Names.check("name", request.name(), violations);
		Names.check("system", request.system(), violations);
		Names.check("image", request.image(), violations);
		if (request.memoryMb() != null
				&& (request.memoryMb() < GuestMemory.MIN_MB || request.memoryMb() > GuestMemory.MAX_MB)) {
			violations.add(new Violation("memoryMb", GuestMemory.range()));
		}
		violations.addAll(Labels.check("labels", request.labels()));
		violations.addAll(Labels.check("nodeSelector", request.nodeSelector()));
		if (request.systemRevision() != null && request.systemRevision() < 1) {
			violations.add(new Violation("systemRevision", "must be a revision number, from 1"));
		}
		if (request.imageVersion() != null) {
			Names.checkVersion("imageVersion", request.imageVersion(), violations);
		}
		return violations;
	}

	/**
	 * SHA-256 of a valid create request as it will be stored (memory defaulted): two
	 * requests meaning the same instance have the same fingerprint. The fields cannot
	 * contain NUL, which separates them.
	 */
	static byte[] fingerprint(CreateInstanceRequest request) {
		return IdempotencyKeys.fingerprint(String.join("\0", request.name(), request.system(), request.image(),
				Integer.toString(memoryMb(request)), canonical(labels(request)), canonical(nodeSelector(request)),
				String.valueOf(request.systemRevision()), String.valueOf(request.imageVersion())));
	}

	/** A label map as length-prefixed sorted entries: equal maps, equal strings. */
	private static String canonical(Map<String, String> labels) {
		return new TreeMap<>(labels).entrySet()
			.stream()
			.map((entry) -> entry.getKey().length() + ":" + entry.getKey() + entry.getValue().length() + ":"
					+ entry.getValue())
			.collect(Collectors.joining());
	}

	static Map<String, String> labels(CreateInstanceRequest request) {
		return (request.labels() != null) ? request.labels() : Map.of();
	}

	static Map<String, String> nodeSelector(CreateInstanceRequest request) {
		return (request.nodeSelector() != null) ? request.nodeSelector() : Map.of();
	}

	/**
	 * A violation of {@code systemRevision} for every program the revision runs that the
	 * image does not hold (the root task would reject the configuration: missing ELF).
	 */
	static List<Violation> missingPrograms(SystemSpec spec, ImageView image) {
		Set<String> files = image.components().stream().map(ImageComponent::name).collect(Collectors.toSet());
		return Stream.concat(spec.personalities().stream(), spec.services().stream())
			.filter((task) -> !files.contains(task.program()))
			.map((task) -> new Violation("systemRevision",
					"image '" + image.name() + "' version '" + image.version() + "' has no file '" + task.program()
							+ "', the program of task '" + task.name() + "'"))
			.toList();
	}

	static int memoryMb(CreateInstanceRequest request) {
		return (request.memoryMb() != null) ? request.memoryMb() : GuestMemory.DEFAULT_MB;
	}

	/** A task or endpoint name as the telemetry record carries it. */
	private static final Pattern TASK_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

	private static final String TASK_NAME_RULE = "must be 1 to 64 of A-Z, a-z, 0-9, '_', '.', '-'";

	static List<Violation> check(InstanceReport report) {
		List<Violation> violations = new ArrayList<>();
		if (report.phase() == null) {
			violations.add(new Violation("phase", "is required"));
		}
		if (report.message() != null && report.message().length() > MAX_LINE_LENGTH) {
			violations.add(new Violation("message", "must be at most " + MAX_LINE_LENGTH + " characters"));
		}
		if (report.consoleTail() != null) {
			if (report.consoleTail().size() > MAX_CONSOLE_LINES) {
				violations.add(new Violation("consoleTail", "must have at most " + MAX_CONSOLE_LINES + " lines"));
			}
			for (int i = 0; i < report.consoleTail().size(); i++) {
				String line = report.consoleTail().get(i);
				if (line == null || line.length() > MAX_LINE_LENGTH) {
					violations.add(new Violation("consoleTail[" + i + "]",
							"must be a string of at most " + MAX_LINE_LENGTH + " characters"));
				}
			}
		}
		if (report.tasks() != null) {
			if (report.tasks().size() > MAX_TASKS) {
				violations.add(new Violation("tasks", "must have at most " + MAX_TASKS + " entries"));
			}
			for (int i = 0; i < report.tasks().size(); i++) {
				if (report.tasks().get(i) == null) {
					violations.add(new Violation("tasks[" + i + "]", "must not be null"));
				}
			}
		}
		if (report.endpoints() != null) {
			checkEndpoints(report.endpoints(), violations);
		}
		if (report.generation() < 0) {
			violations.add(new Violation("generation", "must not be negative"));
		}
		if (report.conditions() != null) {
			if (report.conditions().size() > ConditionType.values().length) {
				violations.add(
						new Violation("conditions", "must have at most " + ConditionType.values().length + " entries"));
			}
			for (int i = 0; i < report.conditions().size(); i++) {
				InstanceCondition condition = report.conditions().get(i);
				String where = "conditions[" + i + "]";
				if (condition == null || condition.type() == null) {
					violations.add(new Violation(where, "must be a condition with a type"));
				}
				else if (report.conditions()
					.subList(0, i)
					.stream()
					.anyMatch((c) -> c != null && c.type() == condition.type())) {
					violations.add(new Violation(where + ".type", "'" + condition.type() + "' is listed twice"));
				}
				else if ((condition.reason() != null && condition.reason().length() > MAX_REASON_LENGTH)
						|| (condition.message() != null && condition.message().length() > MAX_LINE_LENGTH)) {
					violations.add(new Violation(where, "reason must be at most " + MAX_REASON_LENGTH
							+ " characters and message at most " + MAX_LINE_LENGTH));
				}
			}
		}
		return violations;
	}

	static List<Violation> check(NodeHeartbeat heartbeat) {
		List<Violation> violations = new ArrayList<>();
		if (heartbeat.runningInstances() == null) {
			violations.add(new Violation("runningInstances", "is required (empty when nothing runs)"));
		}
		else if (heartbeat.runningInstances().size() > MAX_RUNNING) {
			violations.add(new Violation("runningInstances", "must have at most " + MAX_RUNNING + " entries"));
		}
		else if (heartbeat.runningInstances().contains(null)) {
			violations.add(new Violation("runningInstances", "must not contain null"));
		}
		return violations;
	}

	private static void checkEndpoints(List<EndpointReport> endpoints, List<Violation> violations) {
		if (endpoints.size() > MAX_TASKS) {
			violations.add(new Violation("endpoints", "must have at most " + MAX_TASKS + " entries"));
			return;
		}
		for (int i = 0; i < endpoints.size(); i++) {
			EndpointReport endpoint = endpoints.get(i);
			String where = "endpoints[" + i + "]";
			if (endpoint == null) {
				violations.add(new Violation(where, "must not be null"));
				continue;
			}
			if (!isTaskName(endpoint.name())) {
				violations.add(new Violation(where + ".name", TASK_NAME_RULE));
			}
			if (!isTaskName(endpoint.server())) {
				violations.add(new Violation(where + ".server", TASK_NAME_RULE));
			}
			if (endpoint.clients().size() > MAX_TASKS) {
				violations.add(new Violation(where + ".clients", "must have at most " + MAX_TASKS + " entries"));
			}
			else if (!endpoint.clients().stream().allMatch(InstanceRules::isTaskName)) {
				violations.add(new Violation(where + ".clients", "must be task names: " + TASK_NAME_RULE));
			}
			if (endpoint.messages() < 0) {
				violations.add(new Violation(where + ".messages", "must not be negative"));
			}
		}
	}

	private static boolean isTaskName(String name) {
		return name != null && TASK_NAME.matcher(name).matches();
	}

}
