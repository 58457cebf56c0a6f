package dev.atoll.controlplane.nodes;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NodeTokensTests {

	@Test
	void tokensAreFreshEachTime() {
		assertThat(NodeTokens.newToken()).isNotEqualTo(NodeTokens.newToken());
	}

	@Test
	void aTokenMatchesOnlyItsOwnHash() {
		String token = NodeTokens.newToken();

		assertThat(NodeTokens.matches(token, NodeTokens.hash(token))).isTrue();
		assertThat(NodeTokens.matches(NodeTokens.newToken(), NodeTokens.hash(token))).isFalse();
	}

	@Test
	void onlyABearerHeaderYieldsAToken() {
		assertThat(NodeTokens.fromAuthorization("Bearer abc")).contains("abc");
		assertThat(NodeTokens.fromAuthorization("bearer abc")).contains("abc");
		assertThat(NodeTokens.fromAuthorization("Bearer ")).isEmpty();
		assertThat(NodeTokens.fromAuthorization("Basic abc")).isEmpty();
		assertThat(NodeTokens.fromAuthorization("abc")).isEmpty();
		assertThat(NodeTokens.fromAuthorization(null)).isEmpty();
	}

}
