package dev.atoll.controlplane.system;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Entity tags of versioned resources (RFC 9110 §8.8.3): the version as a strong tag,
 * {@code "7"}. {@code If-Match} uses the strong comparison (a weak tag never matches),
 * {@code If-None-Match} the weak one.
 *
 * @param any the header was {@code *}: any current version matches
 * @param strong the strong tags the header listed
 * @param weak the opaque parts of the weak tags it listed
 */
public record EntityTags(boolean any, List<String> strong, List<String> weak) {

	private static final Pattern TAG = Pattern.compile("\\s*(W/)?(\"[\\x21\\x23-\\x7e]*\")\\s*(,|$)");

	public static String of(long version) {
		return "\"" + version + "\"";
	}

	/**
	 * Parses an {@code If-Match} or {@code If-None-Match} value; a malformed one matches
	 * nothing.
	 */
	public static EntityTags parse(String header) {
		if (header.trim().equals("*")) {
			return new EntityTags(true, List.of(), List.of());
		}
		List<String> strong = new ArrayList<>();
		List<String> weak = new ArrayList<>();
		Matcher matcher = TAG.matcher(header);
		int position = 0;
		while (position < header.length() && matcher.find(position) && matcher.start() == position) {
			((matcher.group(1) == null) ? strong : weak).add(matcher.group(2));
			position = matcher.end();
		}
		return (position == header.length()) ? new EntityTags(false, strong, weak)
				: new EntityTags(false, List.of(), List.of());
	}

	/** Strong comparison, for {@code If-Match}. */
	public boolean matches(long version) {
		return this.any || this.strong.contains(of(version));
	}

	/** Weak comparison, for {@code If-None-Match}. */
	public boolean matchesWeakly(long version) {
		return matches(version) || this.weak.contains(of(version));
	}

}
