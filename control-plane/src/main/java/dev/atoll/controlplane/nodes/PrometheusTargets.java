package dev.atoll.controlplane.nodes;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import dev.atoll.api.NodeView;
import dev.atoll.api.PrometheusTargetGroup;

/**
 * Renders nodes as Prometheus HTTP service discovery target groups: one group per node
 * with a metrics URL, its {@code host:port} as the target, scheme and path as
 * {@code __scheme__} and {@code __metrics_path__}, and what is known of the node as
 * {@code __meta_atoll_node_*} labels (which Prometheus drops after relabelling).
 */
final class PrometheusTargets {

	static final String META = "__meta_atoll_node_";

	private static final Pattern NOT_A_LABEL_CHARACTER = Pattern.compile("[^a-zA-Z0-9_]");

	private PrometheusTargets() {
	}

	static List<PrometheusTargetGroup> of(List<NodeView> nodes) {
		return nodes.stream().flatMap((node) -> of(node).stream()).toList();
	}

	static Optional<PrometheusTargetGroup> of(NodeView node) {
		if (node.metricsUrl() == null || node.metricsUrl().isEmpty()) {
			return Optional.empty();
		}
		URI url = URI.create(node.metricsUrl());
		int port = (url.getPort() != -1) ? url.getPort() : ("https".equals(url.getScheme()) ? 443 : 80);
		String path = (url.getRawPath() == null || url.getRawPath().isEmpty()) ? "/" : url.getRawPath();
		Map<String, String> labels = new TreeMap<>();
		labels.put("__scheme__", url.getScheme());
		labels.put("__metrics_path__", path);
		labels.put(META + "id", node.id().toString());
		labels.put(META + "name", node.name());
		labels.put(META + "architecture", node.architecture());
		labels.put(META + "connectivity", node.connectivity().name());
		new TreeMap<>(node.labels()).forEach((key, value) -> labels.put(META + "label_" + labelName(key), value));
		return Optional.of(new PrometheusTargetGroup(List.of(url.getHost() + ":" + port), labels));
	}

	/** A label key as a Prometheus label name: every other character becomes '_'. */
	static String labelName(String key) {
		return NOT_A_LABEL_CHARACTER.matcher(key).replaceAll("_");
	}

}
