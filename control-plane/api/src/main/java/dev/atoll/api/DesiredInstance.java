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
 * @param systemRevision the revision of {@code system} to boot, or null for the image's
 * own configuration
 * @param config that revision's spec, which the agent renders into the root task's boot
 * configuration (docs/control-plane.md maps the fields); null with no revision
 * @param imageVersion the registered version of {@code image}, or null
 */
public record DesiredInstance(UUID id, String name, String system, String image, int memoryMb, long generation,
		Integer systemRevision, SystemSpec config, String imageVersion) {

	/** An instance booting the image's own configuration. */
	public DesiredInstance(UUID id, String name, String system, String image, int memoryMb, long generation) {
		this(id, name, system, image, memoryMb, generation, null, null, null);
	}

}
