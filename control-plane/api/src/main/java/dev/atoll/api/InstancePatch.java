package dev.atoll.api;

/**
 * Body of {@code PATCH /api/v1/instances/{id}}: changes the desired state of a running
 * instance. A system revision other than the current one bumps the instance's generation,
 * and its agent reboots it with that revision's boot configuration. Rollouts change
 * instances the same way.
 *
 * @param systemRevision the revision of the instance's system to boot; it must exist, fit
 * the instance's memory and find its programs in the instance's image version
 */
public record InstancePatch(Integer systemRevision) {
}
