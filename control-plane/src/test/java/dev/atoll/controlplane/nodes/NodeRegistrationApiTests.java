package dev.atoll.controlplane.nodes;

import java.util.Base64;
import java.util.List;
import java.util.UUID;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.NodeHeartbeat;
import dev.atoll.api.NodeRegistered;
import dev.atoll.controlplane.ApiTest;
import dev.atoll.controlplane.system.BearerTokens;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

class NodeRegistrationApiTests extends ApiTest {

	@Test
	void registeringANodeAnswersItsIdATokenAndTheHeartbeatInterval() {
		NodeRegistered node = registerNode("host-a", 2048, 4);

		assertThat(node.nodeId()).isNotNull();
		assertThat(Base64.getUrlDecoder().decode(node.nodeToken())).hasSize(32);
		assertThat(node.heartbeatIntervalMs()).isEqualTo(1000);
	}

	@Test
	void theTokenIsStoredOnlyAsItsSha256() {
		NodeRegistered node = registerNode("host-a", 2048, 4);

		byte[] stored = this.sql.sql("select token_hash from nodes where id = :id")
			.param("id", node.nodeId())
			.query(byte[].class)
			.single();
		assertThat(stored).isEqualTo(BearerTokens.hash(node.nodeToken()));
		String row = this.sql.sql("select row_to_json(n)::text from nodes n where id = :id")
			.param("id", node.nodeId())
			.query(String.class)
			.single();
		assertThat(row).doesNotContain(node.nodeToken());
	}

	@Test
	void registeringAnExistingNameKeepsTheIdAndReplacesTheToken() {
		NodeRegistered first = registerNode("host-a", 2048, 4);
		NodeRegistered again = registerNode("host-a", 4096, 8);

		assertThat(again.nodeId()).isEqualTo(first.nodeId());
		assertThat(again.nodeToken()).isNotEqualTo(first.nodeToken());
		expectProblem(heartbeatWith(first.nodeId(), "Bearer " + first.nodeToken()), 401);
		heartbeat(again);
		assertThat(this.sql.sql("select memory_mb from nodes where id = :id")
			.param("id", first.nodeId())
			.query(Integer.class)
			.single()).isEqualTo(4096);
	}

	@Test
	void aHeartbeatWithTheNodesTokenAnswersItsAssignments() {
		NodeRegistered node = registerNode("host-a", 2048, 4);

		assertThat(heartbeat(node).instances()).isEmpty();
		assertThat(heartbeat(node).heartbeatIntervalMs()).isEqualTo(1000);
	}

	@Test
	void aHeartbeatFromAnUnknownNodeIs404SoTheAgentRegistersAgain() {
		NodeRegistered node = registerNode("host-a", 2048, 4);

		expectProblem(heartbeatWith(UUID.randomUUID(), "Bearer " + node.nodeToken()), 404).jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("unknown node"));
	}

	@Test
	void aHeartbeatWithAWrongMissingOrMalformedTokenIs401() {
		NodeRegistered node = registerNode("host-a", 2048, 4);
		NodeRegistered other = registerNode("host-b", 2048, 4);

		expectProblem(heartbeatWith(node.nodeId(), "Bearer " + other.nodeToken()), 401);
		expectProblem(heartbeatWith(node.nodeId(), null), 401);
		expectProblem(heartbeatWith(node.nodeId(), node.nodeToken()), 401);
		expectProblem(heartbeatWith(node.nodeId(), "Basic " + node.nodeToken()), 401);
	}

	@Test
	void anInvalidRegistrationIs400NamingEveryField() {
		expectProblem(this.web.post().uri(ApiPaths.NODES).contentType(MediaType.APPLICATION_JSON).bodyValue("""
				{"name": "bad name!", "architecture": "", "memoryMb": 0, "instanceSlots": -1,
				 "labels": {}, "metricsUrl": "ftp://x"}
				""").exchange(), 400).jsonPath("$.errors[*].field")
			.value((List<String> fields) -> assertThat(fields).containsExactly("name", "architecture", "memoryMb",
					"instanceSlots", "metricsUrl"));
	}

	private WebTestClient.ResponseSpec heartbeatWith(UUID nodeId, String authorization) {
		var request = this.anonymous.put().uri(ApiPaths.NODE_HEARTBEAT, nodeId);
		if (authorization != null) {
			request.header(ApiPaths.AUTHORIZATION, authorization);
		}
		return request.bodyValue(new NodeHeartbeat(List.of())).exchange();
	}

}
