package dev.atoll.api;

/**
 * Body of {@code POST /api/v1/tokens}.
 *
 * @param name a unique name saying who holds it: lower-case letters, digits, dots and
 * dashes, at most 63
 * @param role what the token may do
 */
public record CreateTokenRequest(String name, Role role) {
}
