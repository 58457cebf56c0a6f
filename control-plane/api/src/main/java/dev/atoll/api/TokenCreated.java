package dev.atoll.api;

/**
 * The answer to {@code POST /api/v1/tokens}: the only time the secret is shown.
 *
 * @param token the stored token
 * @param secret the credential to send as {@code Authorization: Bearer <secret>}
 */
public record TokenCreated(TokenView token, String secret) {
}
