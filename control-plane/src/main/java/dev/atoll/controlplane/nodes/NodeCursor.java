package dev.atoll.controlplane.nodes;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Where a page of the node list ends: the last node's name (the key of the list's order),
 * base64url-encoded so clients treat it as opaque.
 */
final class NodeCursor {

	private NodeCursor() {
	}

	static String encode(String lastName) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(lastName.getBytes(StandardCharsets.UTF_8));
	}

	/** The name, or empty when the text is not a cursor. */
	static Optional<String> decode(String cursor) {
		try {
			String name = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
			return name.isEmpty() ? Optional.empty() : Optional.of(name);
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
