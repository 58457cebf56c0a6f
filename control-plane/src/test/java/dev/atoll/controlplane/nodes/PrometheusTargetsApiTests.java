package dev.atoll.controlplane.nodes;

import java.util.List;
import java.util.Map;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.NodeRegistered;
import dev.atoll.api.NodeRegistration;
import dev.atoll.api.PrometheusTargetGroup;
import dev.atoll.controlplane.ApiTest;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusTargetsApiTests extends ApiTest {

	@Test
	void withoutNodesTheTargetListIsAnEmptyJsonList() {
		this.web.get()
			.uri(ApiPaths.PROMETHEUS_TARGETS)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody()
			.json("[]");
	}

	@Test
	void everyNodeWithAMetricsUrlIsATargetGroupWithItsLabelsAsMetaLabels() {
		NodeRegistered node = registerNode(new NodeRegistration("node-a", "aarch64", 1024, 4,
				Map.of("backend", "qemu", "board.type", "rpi4"), "http://10.0.0.5:9100/agent/metrics"));
		registerNode(new NodeRegistration("node-b", "aarch64", 1024, 4, Map.of(), "https://node-b.example"));
		registerNode(new NodeRegistration("node-c", "aarch64", 1024, 4, Map.of(), null));

		List<PrometheusTargetGroup> groups = targets();

		assertThat(groups).hasSize(2);
		PrometheusTargetGroup a = groups.stream()
			.filter((group) -> group.targets().equals(List.of("10.0.0.5:9100")))
			.findFirst()
			.orElseThrow();
		assertThat(a.labels()).containsAllEntriesOf(Map.of("__scheme__", "http", "__metrics_path__", "/agent/metrics",
				"__meta_atoll_node_id", node.nodeId().toString(), "__meta_atoll_node_name", "node-a",
				"__meta_atoll_node_architecture", "aarch64", "__meta_atoll_node_connectivity", "Online",
				"__meta_atoll_node_label_backend", "qemu", "__meta_atoll_node_label_board_type", "rpi4"));
		assertThat(a.labels().keySet()).allMatch((name) -> name.matches("[a-zA-Z_][a-zA-Z0-9_]*"));
		PrometheusTargetGroup b = groups.stream()
			.filter((group) -> group.targets().equals(List.of("node-b.example:443")))
			.findFirst()
			.orElseThrow();
		assertThat(b.labels()).containsEntry("__scheme__", "https").containsEntry("__metrics_path__", "/");
	}

	@Test
	void aSilentNodeStaysATargetAndSaysItIsNotOnline() {
		NodeRegistered node = registerNode("node-a", 1024, 4);
		silence(node);

		assertThat(targets()).singleElement()
			.satisfies(
					(group) -> assertThat(group.labels()).containsEntry("__meta_atoll_node_connectivity", "Offline"));
	}

	private List<PrometheusTargetGroup> targets() {
		return this.web.get()
			.uri(ApiPaths.PROMETHEUS_TARGETS)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBodyList(PrometheusTargetGroup.class)
			.returnResult()
			.getResponseBody();
	}

}
