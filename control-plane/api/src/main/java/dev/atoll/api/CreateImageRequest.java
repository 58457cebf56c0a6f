package dev.atoll.api;

import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /api/v1/images}: registers an immutable boot image.
 *
 * @param name image name, as instances name it: lower-case letters, digits and dashes
 * @param version its version: letters, digits, {@code . _ + -}, at most 64
 * @param architecture the architecture it runs on, e.g. {@code aarch64}
 * @param sha256 SHA-256 of the whole image, 64 lower-case hex digits
 * @param components the files inside, exactly one of kind {@code kernel}
 * @param labels labels for selection, as on nodes
 */
public record CreateImageRequest(String name, String version, String architecture, String sha256,
		List<ImageComponent> components, Map<String, String> labels) {
}
