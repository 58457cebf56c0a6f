package dev.atoll.api;

/**
 * One file inside a boot image.
 *
 * @param name its file name, which a system's {@code program} names
 * @param kind {@code kernel}, {@code roottask}, {@code service} or {@code program}
 * @param sha256 its SHA-256, 64 lower-case hex digits
 * @param sizeBytes its size, or null when unknown
 */
public record ImageComponent(String name, String kind, String sha256, Long sizeBytes) {
}
