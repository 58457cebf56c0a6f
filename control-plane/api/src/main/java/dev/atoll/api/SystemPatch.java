package dev.atoll.api;

import java.util.Map;

/**
 * Body of {@code PATCH /api/v1/systems/{name}}: each field present replaces the current
 * one; an absent (null) field stays as it is. A spec that differs from the latest
 * revision's makes a new revision.
 *
 * @param labels the new labels, or null
 * @param spec the new revision, or null
 */
public record SystemPatch(Map<String, String> labels, SystemSpec spec) {
}
