package dev.atoll.controlplane.auth;

import java.util.Base64;
import java.util.List;
import java.util.UUID;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.Role;
import dev.atoll.api.TokenCreated;
import dev.atoll.api.TokenView;
import dev.atoll.controlplane.ApiTest;
import dev.atoll.controlplane.system.BearerTokens;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class TokenApiTests extends ApiTest {

	@Test
	void aCreatedTokenAnswersItsSecretOnceAndIsStoredOnlyAsItsSha256() {
		TokenCreated created = createToken("ci-runner-1", Role.ci);

		assertThat(created.token().name()).isEqualTo("ci-runner-1");
		assertThat(created.token().role()).isEqualTo(Role.ci);
		assertThat(created.token().createdAt()).isNotNull();
		assertThat(Base64.getUrlDecoder().decode(created.secret())).hasSize(32);
		byte[] stored = this.sql.sql("select token_hash from api_tokens where id = :id")
			.param("id", created.token().id())
			.query(byte[].class)
			.single();
		assertThat(stored).isEqualTo(BearerTokens.hash(created.secret()));
		String row = this.sql.sql("select row_to_json(t)::text from api_tokens t").query(String.class).single();
		assertThat(row).doesNotContain(created.secret());

		String list = textOf(ApiPaths.TOKENS);
		assertThat(list).contains("ci-runner-1").doesNotContain(created.secret()).doesNotContain("secret");
	}

	@Test
	void theListShowsEveryTokenByName() {
		createToken("viewer-b", Role.viewer);
		createToken("operator-a", Role.operator);

		this.web.get()
			.uri(ApiPaths.TOKENS)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBodyList(TokenView.class)
			.value((tokens) -> assertThat(tokens).extracting(TokenView::name, TokenView::role)
				.containsExactly(tuple("operator-a", Role.operator), tuple("viewer-b", Role.viewer)));
	}

	@Test
	void aTokenActsWithItsRoleUntilRevokedThenIs401() {
		TokenCreated operator = createToken("ops", Role.operator);
		as(operator.secret()).get().uri(ApiPaths.INSTANCES).exchange().expectStatus().isOk();

		this.web.delete().uri(ApiPaths.TOKEN, operator.token().id()).exchange().expectStatus().isNoContent();

		expectProblem(as(operator.secret()).get().uri(ApiPaths.INSTANCES).exchange(), 401).jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("not a valid API token"));
		expectProblem(this.web.delete().uri(ApiPaths.TOKEN, operator.token().id()).exchange(), 404);
	}

	@Test
	void aStoredAdminTokenManagesTokens() {
		TokenCreated admin = createToken("second-admin", Role.admin);

		as(admin.secret()).get().uri(ApiPaths.TOKENS).exchange().expectStatus().isOk();
	}

	@Test
	void onlyAdminsManageTokens() {
		for (Role role : List.of(Role.operator, Role.ci, Role.viewer, Role.join)) {
			String secret = createToken("not-admin-" + role, role).secret();
			expectProblem(as(secret).get().uri(ApiPaths.TOKENS).exchange(), 403).jsonPath("$.detail")
				.isEqualTo("role " + role + " may not GET /api/v1/tokens; allowed: admin");
			expectProblem(as(secret).post()
				.uri(ApiPaths.TOKENS)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"name\": \"escalate\", \"role\": \"admin\"}")
				.exchange(), 403);
		}
		assertThat(this.sql.sql("select count(*) from api_tokens where name = 'escalate'").query(Long.class).single())
			.isZero();
	}

	@Test
	void withoutACredentialTheAnswerIs401WithABearerChallenge() {
		expectProblem(this.anonymous.get().uri(ApiPaths.INSTANCES).exchange(), 401).jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("Authorization: Bearer"));
		this.anonymous.get()
			.uri(ApiPaths.INSTANCES)
			.exchange()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		expectProblem(
				this.anonymous.get().uri(ApiPaths.INSTANCES).header(ApiPaths.AUTHORIZATION, "Basic YTpi").exchange(),
				401);
		expectProblem(as("wrong-token").get().uri(ApiPaths.INSTANCES).exchange(), 401).jsonPath("$.instance")
			.isEqualTo(ApiPaths.INSTANCES);
	}

	@Test
	void anInvalidTokenRequestIs400NamingEveryField() {
		expectProblem(this.web.post()
			.uri(ApiPaths.TOKENS)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\": \"Bad Name!\"}")
			.exchange(), 400).jsonPath("$.errors[*].field")
			.value((List<String> fields) -> assertThat(fields).containsExactly("name", "role"));
		expectProblem(this.web.post()
			.uri(ApiPaths.TOKENS)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\": \"x\", \"role\": \"root\"}")
			.exchange(), 400).jsonPath("$.errors[0].field").isEqualTo("role");
	}

	@Test
	void aTakenNameIs409AndABadIdIs400() {
		createToken("same", Role.viewer);

		expectProblem(this.web.post()
			.uri(ApiPaths.TOKENS)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\": \"same\", \"role\": \"operator\"}")
			.exchange(), 409);
		expectProblem(this.web.delete().uri(ApiPaths.TOKEN, "not-a-uuid").exchange(), 400);
		expectProblem(this.web.delete().uri(ApiPaths.TOKEN, UUID.randomUUID()).exchange(), 404);
	}

	@Test
	void anUnlistedRouteIsForAdminsOnlySoOthersGet403AndAdminsTheFrameworks404() {
		String viewer = createToken("viewer", Role.viewer).secret();

		expectProblem(as(viewer).get().uri(ApiPaths.BASE + "/nothing-here").exchange(), 403).jsonPath("$.detail")
			.isEqualTo("GET /api/v1/nothing-here is not in the access policy; only admin may call it");
		expectProblem(this.anonymous.get().uri(ApiPaths.BASE + "/nothing-here").exchange(), 401);
		expectProblem(this.web.get().uri(ApiPaths.BASE + "/nothing-here").exchange(), 404);
	}

}
