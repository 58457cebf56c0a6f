package dev.atoll.agent.backend;

import java.util.UUID;

/**
 * What a backend needs to start one instance.
 *
 * @param id the instance id
 * @param image name of the boot image
 * @param memoryMb guest memory in MiB
 */
public record InstanceSpec(UUID id, String image, int memoryMb) {
}
