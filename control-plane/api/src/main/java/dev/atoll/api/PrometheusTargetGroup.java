package dev.atoll.api;

import java.util.List;
import java.util.Map;

/**
 * One entry of Prometheus' HTTP service discovery format: the agent of one node.
 *
 * @param targets {@code host:port} of the agent's metrics endpoint
 * @param labels {@code __scheme__}, {@code __metrics_path__} and the node's
 * {@code __meta_atoll_node_*} labels
 */
public record PrometheusTargetGroup(List<String> targets, Map<String, String> labels) {
}
