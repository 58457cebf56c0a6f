package dev.atoll.api;

import java.util.UUID;

/**
 * Where a Ready lease's instance is reached.
 *
 * @param instanceId the instance
 * @param instanceName its name
 * @param nodeId the node that runs it
 * @param nodeName that node's name
 * @param instanceUrl the instance in this API (path, relative to the control plane)
 * @param consoleUrl the console stream of the instance on its node's agent (system
 * source; {@code ?source=console-N&follow=true} for others), null when the node
 * registered no metrics URL to derive it from
 */
public record LeaseEndpoint(UUID instanceId, String instanceName, UUID nodeId, String nodeName, String instanceUrl,
		String consoleUrl) {
}
