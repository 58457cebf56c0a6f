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

	/** A file inside an image, as systems name their programs and images list them. */
	public static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

	/** The message of a {@link #FILE} violation. */
	public static final String FILE_RULE = "must be 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit";

	/** An image version, e.g. {@code 1.2.0+build.7}. */
	public static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");

	/** An architecture, e.g. {@code aarch64}, of nodes and images. */
	public static final Pattern ARCHITECTURE = Pattern.compile("[a-z0-9_]{1,32}");

	private Names() {
	}

	/** Adds a violation of {@code field} when the value is missing or not a version. */
	public static void checkVersion(String field, String version, List<Violation> violations) {
		if (version == null || !VERSION.matcher(version).matches()) {
			violations.add(new Violation(field,
					"must be 1 to 64 letters, digits, dots, underscores, plus signs or dashes, starting with a letter or digit"));
		}
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
