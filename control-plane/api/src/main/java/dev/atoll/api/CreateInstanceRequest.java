package dev.atoll.api;

import java.util.Map;

/**
 * Body of {@code POST /api/v1/instances}.
 *
 * @param name instance name: lower-case letters, digits and dashes, at most 63
 * @param system system configuration to boot
 * @param image boot image name
 * @param memoryMb guest memory, 64 to 4096; null for the default
 * @param labels the instance's own labels, for label selectors on lists and watches; null
 * for none
 * @param nodeSelector labels a node must carry (all of them, with these values) to run
 * it; the node's architecture counts as label {@code arch}; null for any node
 * @param systemRevision the revision of the registered system {@code system} to boot (its
 * spec reaches the agent); null boots the image's own configuration
 * @param imageVersion the registered version of image {@code image}; null names an image
 * the node has by that name
 */
public record CreateInstanceRequest(String name, String system, String image, Integer memoryMb,
		Map<String, String> labels, Map<String, String> nodeSelector, Integer systemRevision, String imageVersion) {

	/** A request without labels and node selector. */
	public CreateInstanceRequest(String name, String system, String image, Integer memoryMb) {
		this(name, system, image, memoryMb, null, null);
	}

	/** A request that names no system revision and no image version. */
	public CreateInstanceRequest(String name, String system, String image, Integer memoryMb, Map<String, String> labels,
			Map<String, String> nodeSelector) {
		this(name, system, image, memoryMb, labels, nodeSelector, null, null);
	}

}
