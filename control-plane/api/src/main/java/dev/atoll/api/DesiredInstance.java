package dev.atoll.api;

import java.util.UUID;

/**
 * One instance as the control plane wants it run on a node.
 *
 * @param id instance id
 * @param name instance name, unique in the fleet
 * @param system name of the system configuration to boot
 * @param image name of the boot image (a directory of kernel and initrd on the node)
 * @param memoryMb guest memory
 * @param generation increases whenever the desired state changes
 */
public record DesiredInstance(UUID id, String name, String system, String image, int memoryMb, long generation) {
}
