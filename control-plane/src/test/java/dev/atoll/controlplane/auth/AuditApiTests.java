package dev.atoll.controlplane.auth;

import java.net.URI;
import java.util.List;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.AuditEntry;
import dev.atoll.api.CreateInstanceRequest;
import dev.atoll.api.InstanceView;
import dev.atoll.api.NodeRegistered;
import dev.atoll.api.Role;
import dev.atoll.controlplane.ApiTest;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The audit log: who changed what, when, readable by admins a page at a time. */
class AuditApiTests extends ApiTest {

	@Test
	void everyMutationWithAnApiTokenIsLoggedWithItsCallerAndStatusBeforeItIsAnswered() {
		String operator = createToken("alice", Role.operator).secret();
		InstanceView created = as(operator).post()
			.uri(ApiPaths.INSTANCES)
			.bodyValue(new CreateInstanceRequest("web-1", "demo", "demo", 128))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(InstanceView.class)
			.returnResult()
			.getResponseBody();
		as(operator).post()
			.uri(ApiPaths.INSTANCES)
			.bodyValue(new CreateInstanceRequest("web-1", "demo", "demo", 128))
			.exchange()
			.expectStatus()
			.isEqualTo(409);
		as(operator).get().uri(ApiPaths.INSTANCES).exchange().expectStatus().isOk();
		as(operator).delete().uri(ApiPaths.INSTANCE, created.id()).exchange().expectStatus().isAccepted();

		List<AuditEntry> entries = audit(ApiPaths.AUDIT).getResponseBody();

		assertThat(entries)
			.extracting(AuditEntry::actor, AuditEntry::role, AuditEntry::method, AuditEntry::path, AuditEntry::status)
			.containsExactly(tuple("alice", Role.operator, "DELETE", "/api/v1/instances/" + created.id(), 202),
					tuple("alice", Role.operator, "POST", ApiPaths.INSTANCES, 409),
					tuple("alice", Role.operator, "POST", ApiPaths.INSTANCES, 201),
					tuple("configured-admin", Role.admin, "POST", ApiPaths.TOKENS, 201));
		assertThat(entries).allSatisfy((entry) -> assertThat(entry.at()).isNotNull());
	}

	@Test
	void theAgentProtocolIsNotAuditedButANodeRegistrationIs() {
		NodeRegistered node = registerNode("node-a", 1024, 4);
		heartbeat(node);

		List<AuditEntry> entries = audit(ApiPaths.AUDIT).getResponseBody();

		assertThat(entries).extracting(AuditEntry::role, AuditEntry::method, AuditEntry::path)
			.contains(tuple(Role.admin, "POST", ApiPaths.NODES));
		assertThat(entries).noneMatch((entry) -> entry.path().endsWith("/heartbeat"));
	}

	@Test
	void theLogIsPaginatedNewestFirst() {
		for (int i = 0; i < 5; i++) {
			createToken("token-" + i, Role.viewer);
		}

		EntityExchangeResult<List<AuditEntry>> first = audit(ApiPaths.AUDIT + "?limit=3");
		URI next = nextPage(first.getResponseHeaders().getFirst(HttpHeaders.LINK));
		EntityExchangeResult<List<AuditEntry>> second = audit(next);

		assertThat(first.getResponseBody()).extracting(AuditEntry::path).hasSize(3);
		assertThat(second.getResponseBody()).hasSize(2);
		assertThat(second.getResponseHeaders().getFirst(HttpHeaders.LINK)).isNull();
		List<Long> ids = java.util.stream.Stream
			.concat(first.getResponseBody().stream(), second.getResponseBody().stream())
			.map(AuditEntry::id)
			.toList();
		assertThat(ids).isSortedAccordingTo((a, b) -> Long.compare(b, a)).doesNotHaveDuplicates();
	}

	@Test
	void aMalformedCursorIs400() {
		expectProblem(this.web.get().uri(ApiPaths.AUDIT + "?cursor=bm90LWEtbnVtYmVy").exchange(), 400)
			.jsonPath("$.errors[0].field")
			.isEqualTo("cursor");
	}

	private EntityExchangeResult<List<AuditEntry>> audit(String uri) {
		return audit(this.web.get().uri(uri));
	}

	private EntityExchangeResult<List<AuditEntry>> audit(URI uri) {
		return audit(this.web.get().uri(uri));
	}

	private EntityExchangeResult<List<AuditEntry>> audit(WebTestClient.RequestHeadersSpec<?> request) {
		return request.exchange().expectStatus().isOk().expectBodyList(AuditEntry.class).returnResult();
	}

}
