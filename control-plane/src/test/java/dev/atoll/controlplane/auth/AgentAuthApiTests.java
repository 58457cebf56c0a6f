package dev.atoll.controlplane.auth;

import java.util.List;
import java.util.Map;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.InstanceReport;
import dev.atoll.api.InstanceView;
import dev.atoll.api.NodeHeartbeat;
import dev.atoll.api.NodeRegistered;
import dev.atoll.api.NodeRegistration;
import dev.atoll.api.Phase;
import dev.atoll.api.Role;
import dev.atoll.controlplane.ApiTest;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Agents join with a join token and then speak for their own node only, with its node
 * token.
 */
class AgentAuthApiTests extends ApiTest {

	private static final NodeRegistration REGISTRATION = new NodeRegistration("node-j", "aarch64", 1024, 4, Map.of(),
			"");

	@Test
	void aJoinTokenRegistersANodeAndDoesNothingElse() {
		String join = createToken("agents", Role.join).secret();

		NodeRegistered node = register(as(join)).expectStatus()
			.isCreated()
			.expectBody(NodeRegistered.class)
			.returnResult()
			.getResponseBody();
		assertThat(node.nodeToken()).isNotEqualTo(join);

		expectProblem(as(join).get().uri(ApiPaths.NODES).exchange(), 403);
		expectProblem(as(join).put()
			.uri(ApiPaths.NODE_HEARTBEAT, node.nodeId())
			.bodyValue(new NodeHeartbeat(List.of()))
			.exchange(), 401);
	}

	@Test
	void registeringWithoutAJoinTokenIs401AndWithAnotherRoleIs403() {
		expectProblem(register(this.anonymous), 401);
		for (Role role : List.of(Role.viewer, Role.operator, Role.ci)) {
			expectProblem(register(as(createToken("not-join-" + role, role).secret())), 403);
		}
		assertThat(this.sql.sql("select count(*) from nodes").query(Long.class).single()).isZero();
	}

	@Test
	void aNodeTokenIsNoApiTokenAndAnApiTokenIsNoNodeToken() {
		NodeRegistered node = registerNode("node-a", 1024, 4);

		expectProblem(as(node.nodeToken()).get().uri(ApiPaths.INSTANCES).exchange(), 401);
		expectProblem(this.web.put()
			.uri(ApiPaths.NODE_HEARTBEAT, node.nodeId())
			.bodyValue(new NodeHeartbeat(List.of()))
			.exchange(), 401);
	}

	@Test
	void aNodeReceivesAndReportsOnlyItsOwnInstances() {
		NodeRegistered a = registerNode("node-a", 1024, 1);
		NodeRegistered b = registerNode("node-b", 1024, 1);
		InstanceView first = awaitPlaced(createInstance("web-1", 256).id());
		InstanceView second = awaitPlaced(createInstance("web-2", 256).id());
		NodeRegistered owner = first.nodeId().equals(a.nodeId()) ? a : b;
		NodeRegistered other = (owner == a) ? b : a;
		assertThat(second.nodeId()).isEqualTo(other.nodeId());

		assertThat(heartbeat(owner).instances()).extracting((desired) -> desired.id()).containsExactly(first.id());
		expectProblem(as(owner.nodeToken()).put()
			.uri(ApiPaths.NODE_HEARTBEAT, other.nodeId())
			.bodyValue(new NodeHeartbeat(List.of()))
			.exchange(), 401);

		InstanceReport running = new InstanceReport(Phase.Running, "running", List.of(), List.of(), null, 1);
		expectProblem(report(owner, second.id(), running), 403);
		expectProblem(as(owner.nodeToken()).put()
			.uri(ApiPaths.NODE_INSTANCE_STATUS, other.nodeId(), second.id())
			.bodyValue(running)
			.exchange(), 401);
		assertThat(instance(second.id()).phase()).isNotEqualTo(Phase.Running);
	}

	private WebTestClient.ResponseSpec register(WebTestClient client) {
		return client.post().uri(ApiPaths.NODES).bodyValue(REGISTRATION).exchange();
	}

}
