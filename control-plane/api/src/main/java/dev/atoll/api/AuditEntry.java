package dev.atoll.api;

import java.time.Instant;

/**
 * One mutation of the API as the audit log recorded it.
 *
 * @param id its position in the log (newer entries have larger ids)
 * @param at when it was answered (the database clock)
 * @param actor the name of the API token that made it ({@code configured-admin} for the
 * admin token of the configuration)
 * @param role that token's role
 * @param method the HTTP method: POST, PUT, PATCH or DELETE
 * @param path the request path, e.g. {@code /api/v1/instances/7c1f...}
 * @param status the HTTP status it was answered with
 */
public record AuditEntry(long id, Instant at, String actor, Role role, String method, String path, int status) {
}
