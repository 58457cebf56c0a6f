package dev.atoll.api;

/**
 * Body of {@code POST /api/v1/instances}.
 *
 * @param name instance name: lower-case letters, digits and dashes, at most 63
 * @param system system configuration to boot
 * @param image boot image name
 * @param memoryMb guest memory, 64 to 4096; null for the default
 */
public record CreateInstanceRequest(String name, String system, String image, Integer memoryMb) {
}
