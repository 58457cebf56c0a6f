package dev.atoll.controlplane.nodes;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.atoll.controlplane.system.Labels;

/**
 * An equality-based label selector, as in Kubernetes: comma-separated requirements, all
 * of which must hold: {@code key=value} (or {@code ==}), {@code key!=value} (also true
 * when the key is absent), {@code key} (present), {@code !key} (absent).
 *
 * @param requirements every requirement
 */
record LabelSelector(List<Requirement> requirements) {

	static final LabelSelector EVERYTHING = new LabelSelector(List.of());

	/**
	 * One requirement.
	 *
	 * @param key the label key
	 * @param operator how it is tested
	 * @param value the value compared with, or null for {@code Exists}/{@code Absent}
	 */
	record Requirement(String key, Operator operator, String value) {
	}

	enum Operator {

		Equals, NotEquals, Exists, Absent

	}

	/** The selector, or empty when a requirement is malformed. */
	static Optional<LabelSelector> parse(String text) {
		List<Requirement> requirements = new ArrayList<>();
		for (String part : text.split(",", -1)) {
			Optional<Requirement> requirement = requirement(part.trim());
			if (requirement.isEmpty()) {
				return Optional.empty();
			}
			requirements.add(requirement.get());
		}
		return Optional.of(new LabelSelector(requirements));
	}

	private static Optional<Requirement> requirement(String part) {
		int notEquals = part.indexOf("!=");
		if (notEquals >= 0) {
			return requirement(part.substring(0, notEquals), Operator.NotEquals, part.substring(notEquals + 2));
		}
		int equals = part.indexOf('=');
		if (equals >= 0) {
			String value = part.substring(equals + 1);
			return requirement(part.substring(0, equals), Operator.Equals,
					value.startsWith("=") ? value.substring(1) : value);
		}
		if (part.startsWith("!")) {
			return requirement(part.substring(1), Operator.Absent, null);
		}
		return requirement(part, Operator.Exists, null);
	}

	private static Optional<Requirement> requirement(String key, Operator operator, String value) {
		String trimmedKey = key.trim();
		String trimmedValue = (value != null) ? value.trim() : null;
		if (!Labels.KEY.matcher(trimmedKey).matches()
				|| (trimmedValue != null && (trimmedValue.length() > 253 || trimmedValue.contains("=")))) {
			return Optional.empty();
		}
		return Optional.of(new Requirement(trimmedKey, operator, trimmedValue));
	}

}
