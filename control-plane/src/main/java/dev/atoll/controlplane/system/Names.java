package dev.atoll.controlplane.system;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The name rule of instances, systems and images (a DNS label): 1 to 63 lower-case
 * letters, digits or dashes, starting and ending with a letter or digit. Instances name
 * their system and image by it.
 */
public final class Names {

	public static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

	private Names() {
	}

	/** Adds a violation of {@code field} when the value is missing or not a name. */
	public static void check(String field, String value, List<Violation> violations) {
		if (value == null || value.isEmpty()) {
			violations.add(new Violation(field, "is required"));
		}
		else if (!NAME.matcher(value).matches()) {
			violations.add(new Violation(field,
					"must be 1 to 63 lower-case letters, digits or dashes, starting and ending with a letter or digit"));
		}
	}

}
