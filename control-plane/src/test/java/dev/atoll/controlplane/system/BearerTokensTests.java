package dev.atoll.controlplane.system;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BearerTokensTests {

	@Test
	void tokensAreFreshEachTime() {
		assertThat(BearerTokens.newToken()).isNotEqualTo(BearerTokens.newToken());
	}

	@Test
	void aTokenMatchesOnlyItsOwnHash() {
		String token = BearerTokens.newToken();

		assertThat(BearerTokens.matches(token, BearerTokens.hash(token))).isTrue();
		assertThat(BearerTokens.matches(BearerTokens.newToken(), BearerTokens.hash(token))).isFalse();
	}

	@Test
	void onlyABearerHeaderYieldsAToken() {
		assertThat(BearerTokens.fromAuthorization("Bearer abc")).contains("abc");
		assertThat(BearerTokens.fromAuthorization("bearer abc")).contains("abc");
		assertThat(BearerTokens.fromAuthorization("Bearer ")).isEmpty();
		assertThat(BearerTokens.fromAuthorization("Basic abc")).isEmpty();
		assertThat(BearerTokens.fromAuthorization("abc")).isEmpty();
		assertThat(BearerTokens.fromAuthorization(null)).isEmpty();
	}

}
