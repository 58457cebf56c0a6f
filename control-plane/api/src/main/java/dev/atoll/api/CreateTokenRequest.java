package dev.atoll.api;

import java.time.Instant;

/**
 * Body of {@code POST /api/v1/tokens}.
 *
 * @param name a unique name saying who holds it: lower-case letters, digits, dots and
 * dashes, at most 63
 * @param role what the token may do
 * @param expiresAt when the token stops working (must be in the future); null: never
 */
public record CreateTokenRequest(String name, Role role, Instant expiresAt) {

	/** A token that does not expire. */
	public CreateTokenRequest(String name, Role role) {
		this(name, role, null);
	}

}
