package dev.atoll.controlplane.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.json.JsonMapper;

/**
 * An equality-based label selector, as in Kubernetes: comma-separated requirements, all
 * of which must hold: {@code key=value} (or {@code ==}), {@code key!=value} (also true
 * when the key is absent), {@code key} (present), {@code !key} (absent). Used by every
 * list that filters by label; {@link #sql} is the one translation into SQL.
 *
 * @param requirements every requirement
 */
public record LabelSelector(List<Requirement> requirements) {

	public static final LabelSelector EVERYTHING = new LabelSelector(List.of());

	/** The query parameter carrying a selector. */
	public static final String PARAMETER = "labelSelector";

	/**
	 * One requirement.
	 *
	 * @param key the label key
	 * @param operator how it is tested
	 * @param value the value compared with, or null for {@code Exists}/{@code Absent}
	 */
	public record Requirement(String key, Operator operator, String value) {
	}

	public enum Operator {

		Equals, NotEquals, Exists, Absent

	}

	/** The selector, or empty when a requirement is malformed. */
	public static Optional<LabelSelector> parse(String text) {
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

	/**
	 * The selector of a request parameter (null selects everything); a malformed one is
	 * added to {@code violations} and selects everything.
	 */
	public static LabelSelector fromParameter(String text, List<Violation> violations) {
		if (text == null) {
			return EVERYTHING;
		}
		Optional<LabelSelector> selector = parse(text);
		if (selector.isEmpty()) {
			violations.add(new Violation(PARAMETER,
					"must be comma-separated key=value, key!=value, key or !key requirements"));
		}
		return selector.orElse(EVERYTHING);
	}

	/**
	 * The SQL condition (starting with {@code " and"}, empty for no requirement) that
	 * holds for rows whose jsonb {@code column} the selector selects; puts its parameters
	 * into {@code params}.
	 */
	public String sql(String column, Map<String, Object> params, JsonMapper json) {
		StringBuilder where = new StringBuilder();
		for (int i = 0; i < this.requirements.size(); i++) {
			Requirement requirement = this.requirements.get(i);
			String param = "label" + i;
			where.append(switch (requirement.operator()) {
				case Equals -> " and " + column + " @> cast(:" + param + " as jsonb)";
				case NotEquals -> " and not " + column + " @> cast(:" + param + " as jsonb)";
				case Exists -> " and jsonb_exists(" + column + ", :" + param + ")";
				case Absent -> " and not jsonb_exists(" + column + ", :" + param + ")";
			});
			params.put(param, switch (requirement.operator()) {
				case Equals, NotEquals -> json.writeValueAsString(Map.of(requirement.key(), requirement.value()));
				case Exists, Absent -> requirement.key();
			});
		}
		return where.toString();
	}

	/**
	 * Whether the selector selects an object with these labels, in memory: the same test
	 * as {@link #sql}, for streams that filter objects as they pass.
	 */
	public boolean matches(Map<String, String> labels) {
		Map<String, String> present = (labels != null) ? labels : Map.of();
		return this.requirements.stream().allMatch((requirement) -> switch (requirement.operator()) {
			case Equals -> requirement.value().equals(present.get(requirement.key()));
			case NotEquals -> !requirement.value().equals(present.get(requirement.key()));
			case Exists -> present.containsKey(requirement.key());
			case Absent -> !present.containsKey(requirement.key());
		});
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
		if (!Labels.KEY.matcher(trimmedKey).matches() || (trimmedValue != null
				&& (trimmedValue.length() > Labels.MAX_VALUE_LENGTH || trimmedValue.contains("=")))) {
			return Optional.empty();
		}
		return Optional.of(new Requirement(trimmedKey, operator, trimmedValue));
	}

}
