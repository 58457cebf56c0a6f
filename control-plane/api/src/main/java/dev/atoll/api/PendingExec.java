package dev.atoll.api;

import java.util.UUID;

/**
 * An exec the agent of the instance's node is to run (claimed by the agent's {@code GET
 * /api/v1/nodes/{nodeId}/exec}).
 *
 * @param id the request, to report its result under
 * @param instanceId the instance to run it on
 * @param channel the console channel
 * @param command the command line
 * @param timeoutMs how long the agent may wait for the exit code
 */
public record PendingExec(UUID id, UUID instanceId, int channel, String command, long timeoutMs) {
}
