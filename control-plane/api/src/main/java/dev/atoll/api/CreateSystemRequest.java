package dev.atoll.api;

import java.util.Map;

/**
 * Body of {@code POST /api/v1/systems}: a system and its first revision.
 *
 * @param name system name: lower-case letters, digits and dashes, at most 63
 * @param labels labels for selection, as on nodes
 * @param spec the first revision
 */
public record CreateSystemRequest(String name, Map<String, String> labels, SystemSpec spec) {
}
