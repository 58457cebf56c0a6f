package dev.atoll.controlplane.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import tools.jackson.core.type.TypeReference;

/**
 * Labels of nodes, systems and images: at most {@value #MAX_LABELS} entries, keys as in
 * Kubernetes (letters, digits, {@code . _ / -}), values strings of at most
 * {@value #MAX_VALUE_LENGTH} characters.
 */
public final class Labels {

	public static final Pattern KEY = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._/-]{0,61}[A-Za-z0-9])?");

	public static final int MAX_LABELS = 64;

	public static final int MAX_VALUE_LENGTH = 253;

	/** How a label map is read from a {@code jsonb} column. */
	public static final TypeReference<Map<String, String>> JSON = new TypeReference<>() {
	};

	private Labels() {
	}

	/** Every violation of a label map (null is no labels), named {@code field.key}. */
	public static List<Violation> check(String field, Map<String, String> labels) {
		List<Violation> violations = new ArrayList<>();
		if (labels == null) {
			return violations;
		}
		if (labels.size() > MAX_LABELS) {
			violations.add(new Violation(field, "must have at most " + MAX_LABELS + " entries"));
			return violations;
		}
		labels.forEach((key, value) -> {
			if (!KEY.matcher(key).matches()) {
				violations.add(new Violation(field + "." + key, "key must match " + KEY.pattern()));
			}
			else if (value == null || value.length() > MAX_VALUE_LENGTH) {
				violations.add(new Violation(field + "." + key,
						"must be a string of at most " + MAX_VALUE_LENGTH + " characters"));
			}
		});
		return violations;
	}

}
