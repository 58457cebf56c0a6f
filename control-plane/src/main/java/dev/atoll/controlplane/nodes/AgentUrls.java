package dev.atoll.controlplane.nodes;

import java.net.URI;
import java.util.Optional;

import dev.atoll.api.NodeView;

import org.springframework.web.util.UriComponentsBuilder;

/**
 * Where a node's agent answers: the origin (scheme, host, port) of the {@code metricsUrl}
 * it registered, the address Prometheus' service discovery hands out too. The agent
 * serves its console stream and its metrics on that one port.
 */
public final class AgentUrls {

	private AgentUrls() {
	}

	/**
	 * The agent's URL for a path template of its own API, expanded with the variables;
	 * empty when the node registered no address.
	 */
	public static Optional<URI> of(NodeView node, String pathTemplate, Object... variables) {
		if (node.metricsUrl() == null || node.metricsUrl().isEmpty()) {
			return Optional.empty();
		}
		URI metrics = URI.create(node.metricsUrl());
		return Optional.of(UriComponentsBuilder.newInstance()
			.scheme(metrics.getScheme())
			.host(metrics.getHost())
			.port(metrics.getPort())
			.path(pathTemplate)
			.buildAndExpand(variables)
			.toUri());
	}

}
