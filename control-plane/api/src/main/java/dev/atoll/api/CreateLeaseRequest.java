package dev.atoll.api;

import java.util.Map;

/**
 * Body of {@code POST /api/v1/leases}: a CI job asks for an instance to test on.
 *
 * @param system the system to boot (as an instance's {@code system})
 * @param systemRevision the registered revision of {@code system} to boot; null for the
 * image's own configuration
 * @param image the boot image name
 * @param imageVersion the registered version of {@code image}; null for the node's image
 * of that name
 * @param labels labels the node must carry, with these values (its architecture counts as
 * {@code arch}); null for any node
 * @param ttlSeconds how long the lease lasts without a renewal, 1 to 86400
 * @param ciRunId the CI run that holds it, for people and for {@code ?ciRunId=}
 * @param memoryMb guest memory; null for the default (the revision's memory, else 256)
 */
public record CreateLeaseRequest(String system, Integer systemRevision, String image, String imageVersion,
		Map<String, String> labels, Integer ttlSeconds, String ciRunId, Integer memoryMb) {
}
