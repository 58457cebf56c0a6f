package dev.atoll.controlplane.systems;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.SystemPatch;
import dev.atoll.api.SystemView;
import dev.atoll.controlplane.ApiTest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Base of the system API tests: create, patch and read systems over HTTP. */
abstract class SystemApiTest extends ApiTest {

	/** POSTs a create request, with an idempotency key unless null. */
	protected WebTestClient.ResponseSpec createSystem(String json, String idempotencyKey) {
		WebTestClient.RequestBodySpec post = this.web.post()
			.uri(ApiPaths.SYSTEMS)
			.contentType(MediaType.APPLICATION_JSON);
		if (idempotencyKey != null) {
			post.header(ApiPaths.IDEMPOTENCY_KEY, idempotencyKey);
		}
		return post.bodyValue(json).exchange();
	}

	/** Creates the valid fixture, {@code web}, and answers it. */
	protected SystemView createFixture() {
		return createSystem(SystemFixtures.VALID, null).expectStatus()
			.isCreated()
			.expectBody(SystemView.class)
			.returnResult()
			.getResponseBody();
	}

	/** PATCHes a system, with {@code If-Match} unless null. */
	protected WebTestClient.ResponseSpec patchSystem(String name, SystemPatch patch, String ifMatch) {
		WebTestClient.RequestBodySpec request = this.web.patch().uri(ApiPaths.SYSTEM, name);
		if (ifMatch != null) {
			request.header(HttpHeaders.IF_MATCH, ifMatch);
		}
		return request.bodyValue(patch).exchange();
	}

	protected SystemView system(String name) {
		return this.web.get()
			.uri(ApiPaths.SYSTEM, name)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(SystemView.class)
			.returnResult()
			.getResponseBody();
	}

}
