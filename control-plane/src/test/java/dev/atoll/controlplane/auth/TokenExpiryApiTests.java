package dev.atoll.controlplane.auth;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.CreateTokenRequest;
import dev.atoll.api.Role;
import dev.atoll.api.TokenCreated;
import dev.atoll.api.TokenView;
import dev.atoll.controlplane.ApiTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** API tokens that expire, and the time each was last used. */
class TokenExpiryApiTests extends ApiTest {

	@Test
	void aTokenWorksUntilItExpiresThenIs401NamingTheToken() {
		Instant expiresAt = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
		TokenCreated created = create(new CreateTokenRequest("short-lived", Role.viewer, expiresAt));
		assertThat(created.token().expiresAt()).isEqualTo(expiresAt);
		as(created.secret()).get().uri(ApiPaths.INSTANCES).exchange().expectStatus().isOk();

		this.sql.sql("update api_tokens set expires_at = now() - interval '1 second' where id = :id")
			.param("id", created.token().id())
			.update();

		expectProblem(as(created.secret()).get().uri(ApiPaths.INSTANCES).exchange(), 401).jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("short-lived").contains("expired at"));
	}

	@Test
	void anExpiryInThePastIsRefusedNamingTheField() {
		expectProblem(this.web.post()
			.uri(ApiPaths.TOKENS)
			.bodyValue(new CreateTokenRequest("stale", Role.viewer, Instant.now().minusSeconds(5)))
			.exchange(), 400).jsonPath("$.errors[0].field").isEqualTo("expiresAt");
		assertThat(this.sql.sql("select count(*) from api_tokens where name = 'stale'").query(Long.class).single())
			.isZero();
	}

	@Test
	void theListShowsWhenEachTokenWasLastUsedAndThatATokenWithoutExpiryNeverExpires() {
		TokenCreated used = createToken("used", Role.viewer);
		createToken("unused", Role.viewer);
		Instant before = Instant.now().minusSeconds(1);

		as(used.secret()).get().uri(ApiPaths.NODES).exchange().expectStatus().isOk();

		this.web.get()
			.uri(ApiPaths.TOKENS)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBodyList(TokenView.class)
			.value((tokens) -> {
				TokenView usedView = tokens.stream().filter((t) -> t.name().equals("used")).findFirst().orElseThrow();
				TokenView unusedView = tokens.stream()
					.filter((t) -> t.name().equals("unused"))
					.findFirst()
					.orElseThrow();
				assertThat(usedView.lastUsedAt()).isAfter(before);
				assertThat(unusedView.lastUsedAt()).isNull();
				assertThat(usedView.expiresAt()).isNull();
			});
	}

	@Test
	void aUseWithinAMinuteOfTheLastRecordedOneWritesNothing() {
		TokenCreated token = createToken("busy", Role.viewer);
		as(token.secret()).get().uri(ApiPaths.NODES).exchange().expectStatus().isOk();
		Instant first = lastUsed(token);

		as(token.secret()).get().uri(ApiPaths.NODES).exchange().expectStatus().isOk();

		assertThat(lastUsed(token)).isEqualTo(first);
	}

	private Instant lastUsed(TokenCreated token) {
		return this.sql.sql("select last_used_at from api_tokens where id = :id")
			.param("id", token.token().id())
			.query(java.time.OffsetDateTime.class)
			.single()
			.toInstant();
	}

	private TokenCreated create(CreateTokenRequest request) {
		return this.web.post()
			.uri(ApiPaths.TOKENS)
			.bodyValue(request)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(TokenCreated.class)
			.returnResult()
			.getResponseBody();
	}

}
