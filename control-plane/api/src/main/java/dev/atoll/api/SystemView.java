package dev.atoll.api;

import java.time.Instant;
import java.util.Map;

/**
 * A system as the API shows it: its labels and its latest revision.
 *
 * @param name system name
 * @param labels its labels
 * @param revision number of the latest revision (the first is 1)
 * @param spec the latest revision, normalized
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
public record SystemView(String name, Map<String, String> labels, int revision, SystemSpec spec, Instant createdAt,
		Instant updatedAt) {
}
