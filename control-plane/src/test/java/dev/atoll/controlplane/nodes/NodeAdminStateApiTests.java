package dev.atoll.controlplane.nodes;

import java.time.Duration;
import java.util.UUID;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.InstanceView;
import dev.atoll.api.NodeAdminChange;
import dev.atoll.api.NodeAdminState;
import dev.atoll.api.NodeRegistered;
import dev.atoll.api.NodeView;
import dev.atoll.controlplane.ApiTest;
import dev.atoll.controlplane.instances.PlacementMessages;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class NodeAdminStateApiTests extends ApiTest {

	@Test
	void aNewNodeIsActiveAndAnOperatorDrainsIt() {
		NodeRegistered node = registerNode("node-a", 1024, 4);
		assertThat(node(node.nodeId()).adminState()).isEqualTo(NodeAdminState.Active);

		NodeView drained = changeAdminState(node.nodeId(), NodeAdminState.Drained);

		assertThat(drained.adminState()).isEqualTo(NodeAdminState.Drained);
		assertThat(node(node.nodeId()).adminState()).isEqualTo(NodeAdminState.Drained);
	}

	@Test
	void drainedAndMaintenanceNodesReceiveNoNewPlacements() {
		NodeRegistered drained = registerNode("node-a", 4096, 8);
		NodeRegistered maintained = registerNode("node-b", 4096, 8);
		changeAdminState(drained.nodeId(), NodeAdminState.Drained);
		changeAdminState(maintained.nodeId(), NodeAdminState.Maintenance);

		InstanceView waiting = createInstance("web-1", 256);

		await().atMost(Duration.ofSeconds(5))
			.until(() -> instance(waiting.id()).message(), PlacementMessages.NO_CAPACITY::equals);
		assertThat(instance(waiting.id()).nodeId()).isNull();

		changeAdminState(maintained.nodeId(), NodeAdminState.Active);
		assertThat(awaitPlaced(waiting.id()).nodeId()).isEqualTo(maintained.nodeId());
	}

	@Test
	void aReRegistrationKeepsTheAdminState() {
		NodeRegistered node = registerNode("node-a", 1024, 4);
		changeAdminState(node.nodeId(), NodeAdminState.Maintenance);

		registerNode("node-a", 2048, 4);

		assertThat(node(node.nodeId()).adminState()).isEqualTo(NodeAdminState.Maintenance);
	}

	@Test
	void aChangeWithoutAStateOrWithAnUnknownOneIsABadRequestNamingTheField() {
		NodeRegistered node = registerNode("node-a", 1024, 4);

		expectProblem(this.web.put()
			.uri(ApiPaths.NODE_ADMIN_STATE, node.nodeId())
			.bodyValue(new NodeAdminChange(null))
			.exchange(), 400).jsonPath("$.errors[0].field").isEqualTo("adminState");
		expectProblem(this.web.put()
			.uri(ApiPaths.NODE_ADMIN_STATE, node.nodeId())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"adminState\": \"Retired\"}")
			.exchange(), 400).jsonPath("$.errors[0].field").isEqualTo("adminState");
	}

	@Test
	void anUnknownNodeIsNotFound() {
		expectProblem(this.web.put()
			.uri(ApiPaths.NODE_ADMIN_STATE, UUID.randomUUID())
			.bodyValue(new NodeAdminChange(NodeAdminState.Drained))
			.exchange(), 404);
	}

}
