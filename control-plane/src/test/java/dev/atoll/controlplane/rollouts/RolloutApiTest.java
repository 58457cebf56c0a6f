package dev.atoll.controlplane.rollouts;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.CreateInstanceRequest;
import dev.atoll.api.CreateRolloutRequest;
import dev.atoll.api.InstanceView;
import dev.atoll.api.RolloutView;
import dev.atoll.controlplane.ApiTest;
import dev.atoll.controlplane.systems.SystemFixtures;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.awaitility.Awaitility.await;

/**
 * Base of the rollout tests: system {@code web} with revisions 1 and 2, instances booting
 * revision 1, simulated agents, and the rollout API over HTTP. The reconciler steps every
 * 100 ms.
 */
@TestPropertySource(properties = { "atoll.rollouts.interval=100ms", "atoll.metrics.refresh-interval=100ms" })
abstract class RolloutApiTest extends ApiTest {

	static final String SYSTEM = "web";

	/** Revision 2 of {@code web} differs from 1 in the Linux personality's priority. */
	void createSystemWithTwoRevisions() {
		this.web.post()
			.uri(ApiPaths.SYSTEMS)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(SystemFixtures.VALID)
			.exchange()
			.expectStatus()
			.isCreated();
		this.web.patch()
			.uri(ApiPaths.SYSTEM, SYSTEM)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(SystemFixtures.specPatch("/spec/personalities/0/priority=101"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.revision")
			.isEqualTo(2);
	}

	/** An instance of {@code web} booting revision 1, placed. */
	InstanceView placedInstance(String name, Map<String, String> labels) {
		InstanceView created = createInstance(
				new CreateInstanceRequest(name, SYSTEM, "default", 256, labels, null, 1, null));
		return awaitPlaced(created.id());
	}

	WebTestClient.ResponseSpec postRollout(CreateRolloutRequest request, String idempotencyKey) {
		WebTestClient.RequestBodySpec post = this.web.post().uri(ApiPaths.ROLLOUTS);
		if (idempotencyKey != null) {
			post.header(ApiPaths.IDEMPOTENCY_KEY, idempotencyKey);
		}
		return post.bodyValue(request).exchange();
	}

	RolloutView startRollout(CreateRolloutRequest request) {
		return postRollout(request, null).expectStatus()
			.isCreated()
			.expectBody(RolloutView.class)
			.returnResult()
			.getResponseBody();
	}

	RolloutView rollout(UUID id) {
		return read(ApiPaths.ROLLOUT, id, RolloutView.class);
	}

	/** Ticks the agents until the rollout satisfies {@code done}. */
	RolloutView tickUntil(UUID id, Predicate<RolloutView> done, SimulatedAgent... agents) {
		return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(150)).until(() -> {
			for (SimulatedAgent agent : agents) {
				agent.tick();
			}
			return rollout(id);
		}, done);
	}

	/** POSTs an action with {@code If-Match} (unless null). */
	WebTestClient.ResponseSpec control(String path, UUID id, String ifMatch) {
		WebTestClient.RequestBodySpec post = this.web.post().uri(path, id);
		if (ifMatch != null) {
			post.header(HttpHeaders.IF_MATCH, ifMatch);
		}
		return post.exchange();
	}

	/**
	 * Takes the action with the current ETag, read again when the reconciler moved the
	 * rollout on meanwhile (412).
	 */
	RolloutView controlAtCurrentVersion(String path, UUID id) {
		JsonMapper json = JsonMapper.builder().build();
		return await().atMost(Duration.ofSeconds(20)).until(() -> {
			String etag = this.web.get()
				.uri(ApiPaths.ROLLOUT, id)
				.exchange()
				.returnResult(String.class)
				.getResponseHeaders()
				.getETag();
			EntityExchangeResult<String> result = control(path, id, etag).expectBody(String.class).returnResult();
			return (result.getStatus() == HttpStatus.OK) ? json.readValue(result.getResponseBody(), RolloutView.class)
					: null;
		}, (view) -> view != null);
	}

}
