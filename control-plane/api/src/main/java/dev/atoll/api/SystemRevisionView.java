package dev.atoll.api;

import java.time.Instant;

/**
 * One immutable revision of a system.
 *
 * @param system system name
 * @param revision its number, from 1
 * @param spec what it declares, normalized
 * @param createdAt when it was made
 */
public record SystemRevisionView(String system, int revision, SystemSpec spec, Instant createdAt) {
}
