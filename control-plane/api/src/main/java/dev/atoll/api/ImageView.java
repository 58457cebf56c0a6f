package dev.atoll.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A registered boot image; immutable.
 *
 * @param name image name
 * @param version its version
 * @param architecture the architecture it runs on
 * @param sha256 SHA-256 of the whole image
 * @param components the files inside
 * @param labels its labels
 * @param createdAt when it was registered
 */
public record ImageView(String name, String version, String architecture, String sha256,
		List<ImageComponent> components, Map<String, String> labels, Instant createdAt) {
}
