package dev.atoll.api;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A CI lease as the API shows it.
 *
 * @param id lease id
 * @param ciRunId the CI run that holds it
 * @param owner the name of the API token that created it (only that token, or an admin,
 * may renew or release it)
 * @param system the system its instance boots
 * @param systemRevision the revision, or null
 * @param image the boot image
 * @param imageVersion the image version, or null
 * @param labels labels the node must carry
 * @param memoryMb the guest memory asked for, or null for the default
 * @param ttlSeconds the TTL of the last create or renewal
 * @param state where it stands
 * @param reason why it is in that state: for a Queued lease why it is not yet served
 * (e.g. "no node matches labels arch=arm64", "all nodes matching labels ... are full")
 * @param queuePosition 1 for the oldest Queued lease, 2 for the next...; null unless
 * Queued
 * @param instanceId its instance, once created
 * @param endpoint where the instance is reached; null unless Ready
 * @param createdAt when it was created
 * @param expiresAt when it expires unless renewed
 * @param endedAt when it was released, expired or failed; null before
 * @param instanceGone true once the instance of an ended lease is deleted for good
 */
public record LeaseView(UUID id, String ciRunId, String owner, String system, Integer systemRevision, String image,
		String imageVersion, Map<String, String> labels, Integer memoryMb, int ttlSeconds, LeaseState state,
		String reason, Integer queuePosition, UUID instanceId, LeaseEndpoint endpoint, Instant createdAt,
		Instant expiresAt, Instant endedAt, boolean instanceGone) {
}
