package dev.atoll.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An instance as the API shows it: desired and observed state together.
 *
 * @param id instance id
 * @param name instance name
 * @param system system configuration
 * @param image boot image
 * @param memoryMb guest memory
 * @param nodeId node it is placed on, or null while unscheduled
 * @param phase observed phase
 * @param message why it is in that phase
 * @param consoleTail last console lines reported by the agent
 * @param createdAt when it was created
 * @param updatedAt when its observed state last changed
 * @param deleting true once a DELETE was accepted: the node stops it, then it disappears
 * @param labels its labels
 * @param nodeSelector labels its node must carry
 * @param bootCount how many times it was placed on a node to boot, including rescheduling
 * after a node went Offline
 * @param systemRevision the system revision it boots, or null for the image's own
 * configuration
 * @param imageVersion the registered image version it boots, or null
 * @param conditions Scheduled (set by the control plane when placed), then Booted,
 * SplitApplied and Ready as its agent last reported them
 * @param generation the desired generation: increases whenever the desired state changes
 * (a new system revision, a delete)
 * @param observedGeneration the generation its agent last reported acting on, or 0 before
 * any report
 */
public record InstanceView(UUID id, String name, String system, String image, int memoryMb, UUID nodeId, Phase phase,
		String message, List<String> consoleTail, Instant createdAt, Instant updatedAt, boolean deleting,
		Map<String, String> labels, Map<String, String> nodeSelector, int bootCount, Integer systemRevision,
		String imageVersion, List<InstanceCondition> conditions, long generation, long observedGeneration) {
}
