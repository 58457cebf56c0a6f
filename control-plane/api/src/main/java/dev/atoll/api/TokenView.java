package dev.atoll.api;

import java.time.Instant;
import java.util.UUID;

/**
 * An API token as the API shows it. Never carries the secret (the server keeps only its
 * hash); {@link TokenCreated} carries it once.
 *
 * @param id token id, used to revoke it
 * @param name its unique name
 * @param role what it may do
 * @param createdAt when it was created
 * @param expiresAt when it stops working, or null when it does not expire
 * @param lastUsedAt when it last authenticated a request (to the minute), or null when
 * never
 */
public record TokenView(UUID id, String name, Role role, Instant createdAt, Instant expiresAt, Instant lastUsedAt) {
}
