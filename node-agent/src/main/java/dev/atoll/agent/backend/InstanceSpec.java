package dev.atoll.agent.backend;

import java.util.Objects;
import java.util.UUID;

/**
 * What a backend needs to start one instance.
 *
 * @param id the instance id
 * @param image name of the boot image
 * @param memoryMb guest memory in MiB
 * @param generation the desired generation it is started for (kept in the QEMU handle)
 * @param bootConfig the boot configuration text the root task reads from the initrd's
 * member {@code config} (docs/boot-config.md), or null to boot the image's own
 */
public record InstanceSpec(UUID id, String image, int memoryMb, long generation, String bootConfig) {

	public InstanceSpec(UUID id, String image, int memoryMb, long generation) {
		this(id, image, memoryMb, generation, null);
	}

	public InstanceSpec(UUID id, String image, int memoryMb) {
		this(id, image, memoryMb, 0);
	}

	/**
	 * Whether both describe the same machine booting the same configuration; the
	 * generation alone changes nothing.
	 */
	public boolean sameMachine(InstanceSpec other) {
		return other != null && Objects.equals(this.id, other.id) && Objects.equals(this.image, other.image)
				&& this.memoryMb == other.memoryMb && Objects.equals(this.bootConfig, other.bootConfig);
	}

}
