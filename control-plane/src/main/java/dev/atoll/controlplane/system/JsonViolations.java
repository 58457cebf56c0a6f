package dev.atoll.controlplane.system;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Names the field a JSON body got wrong and says why, in words a client can act on,
 * without echoing Java class names.
 */
final class JsonViolations {

	private JsonViolations() {
	}

	static Violation of(JacksonException exception) {
		String path = path(exception.getPath());
		return switch (exception) {
			case UnrecognizedPropertyException unknown ->
				new Violation(path.isEmpty() ? unknown.getPropertyName() : path, "is not a known field");
			case InvalidNullException invalidNull -> new Violation(orBody(path), "must not be null");
			case MismatchedInputException mismatch -> new Violation(orBody(path), "must be "
					+ ((mismatch.getTargetType() != null) ? describe(mismatch.getTargetType()) : "of another type"));
			case StreamReadException malformed -> new Violation(orBody(path),
					"is not valid JSON"
							+ ((malformed.getLocation() != null) ? " (line " + malformed.getLocation().getLineNr()
									+ ", column " + malformed.getLocation().getColumnNr() + ")" : ""));
			default -> new Violation(orBody(path), "cannot be read");
		};
	}

	/** Describes a Java type the way a JSON client thinks of it. */
	static String describe(Class<?> type) {
		if (type == int.class || type == Integer.class || type == long.class || type == Long.class
				|| type == short.class || type == Short.class) {
			return "an integer";
		}
		if (type == String.class) {
			return "a string";
		}
		if (type == boolean.class || type == Boolean.class) {
			return "a boolean";
		}
		if (type == UUID.class) {
			return "a UUID";
		}
		if (type == Instant.class) {
			return "an ISO-8601 instant";
		}
		if (type.isEnum()) {
			return "one of " + Arrays.toString(type.getEnumConstants());
		}
		if (type.isArray() || Collection.class.isAssignableFrom(type)) {
			return "an array";
		}
		if (Map.class.isAssignableFrom(type) || type.isRecord()) {
			return "an object";
		}
		return "a " + type.getSimpleName();
	}

	private static String orBody(String path) {
		return path.isEmpty() ? "body" : path;
	}

	private static String path(List<JacksonException.Reference> references) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : references) {
			if (reference.getPropertyName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

}
