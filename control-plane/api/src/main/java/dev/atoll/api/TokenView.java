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
 */
public record TokenView(UUID id, String name, Role role, Instant createdAt) {
}
