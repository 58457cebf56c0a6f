package dev.atoll.controlplane.instances;

import java.util.UUID;

/**
 * A new instance waits for placement.
 *
 * @param instanceId the instance
 */
public record InstanceCreated(UUID instanceId) {
}
