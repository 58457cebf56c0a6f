package dev.atoll.controlplane.nodes;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.InstanceView;
import dev.atoll.api.NodeConnectivity;
import dev.atoll.api.NodeRegistered;
import dev.atoll.api.NodeView;
import dev.atoll.controlplane.ApiTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NodeApiTests extends ApiTest {

	@Test
	void aNodeShowsItsCapacityLabelsAndUsageButNeverItsToken() {
		NodeRegistered node = registerNode("node-a", 1024, 4);
		InstanceView instance = createInstance("web-1", 256);
		awaitPlaced(instance.id());

		String body = textOf(ApiPaths.NODE, node.nodeId());
		assertThat(body).doesNotContain(node.nodeToken()).doesNotContainIgnoringCase("token");

		NodeView view = node(node.nodeId());
		assertThat(view.name()).isEqualTo("node-a");
		assertThat(view.architecture()).isEqualTo("aarch64");
		assertThat(view.memoryMb()).isEqualTo(1024);
		assertThat(view.instanceSlots()).isEqualTo(4);
		assertThat(view.labels()).isEqualTo(Map.of("backend", "qemu"));
		assertThat(view.metricsUrl()).isEqualTo("http://127.0.0.1:9100/metrics");
		assertThat(view.instancesUsed()).isEqualTo(1);
		assertThat(view.memoryUsedMb()).isEqualTo(256);
		assertThat(view.connectivity()).isEqualTo(NodeConnectivity.Online);
		assertThat(view.lastHeartbeat()).isNotNull();
	}

	@Test
	void aNodeIsDisconnectedAfterAMissedHeartbeatAndOfflineAfterTheGracePeriod() {
		NodeRegistered node = registerNode("node-a", 1024, 4);
		assertThat(node(node.nodeId()).connectivity()).isEqualTo(NodeConnectivity.Online);

		// Three intervals (3 s) missed, the grace period (60 s) not yet over.
		silenceFor(node, 10);
		assertThat(node(node.nodeId()).connectivity()).isEqualTo(NodeConnectivity.Disconnected);

		silenceFor(node, 61);
		assertThat(node(node.nodeId()).connectivity()).isEqualTo(NodeConnectivity.Offline);

		heartbeat(node);
		assertThat(node(node.nodeId()).connectivity()).isEqualTo(NodeConnectivity.Online);
	}

	@Test
	void theListShowsEveryNodeByName() {
		registerNode("node-b", 1024, 4);
		registerNode("node-a", 2048, 8);

		this.web.get()
			.uri(ApiPaths.NODES)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBodyList(NodeView.class)
			.value((views) -> assertThat(views).extracting(NodeView::name).containsExactly("node-a", "node-b"));
	}

	@Test
	void theListIsEmptyWithoutNodes() {
		this.web.get()
			.uri(ApiPaths.NODES)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBodyList(NodeView.class)
			.value((views) -> assertThat(views).isEqualTo(List.of()));
	}

	@Test
	void anUnknownNodeIs404AndABadIdIs400() {
		expectProblem(this.web.get().uri(ApiPaths.NODE, UUID.randomUUID()).exchange(), 404);
		expectProblem(this.web.get().uri(ApiPaths.NODE, "not-a-uuid").exchange(), 400).jsonPath("$.errors[0].field")
			.isEqualTo("nodeId");
	}

}
