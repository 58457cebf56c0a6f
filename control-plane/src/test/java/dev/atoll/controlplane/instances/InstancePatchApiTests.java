package dev.atoll.controlplane.instances;

import java.util.List;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.CreateInstanceRequest;
import dev.atoll.api.DesiredInstance;
import dev.atoll.api.InstanceEvent;
import dev.atoll.api.InstancePatch;
import dev.atoll.api.InstanceView;
import dev.atoll.api.NodeRegistered;
import dev.atoll.controlplane.ApiTest;
import dev.atoll.controlplane.systems.SystemFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code PATCH /api/v1/instances/{id}}: a new system revision, a new generation. */
class InstancePatchApiTests extends ApiTest {

	private NodeRegistered node;

	@BeforeEach
	void systemWithTwoRevisionsAndANode() {
		this.web.post()
			.uri(ApiPaths.SYSTEMS)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(SystemFixtures.VALID)
			.exchange()
			.expectStatus()
			.isCreated();
		this.web.patch()
			.uri(ApiPaths.SYSTEM, "web")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(SystemFixtures.specPatch("/spec/memoryMb=512 ; /spec/personalities/0/priority=101"))
			.exchange()
			.expectStatus()
			.isOk();
		this.node = registerNode("host-a", 4096, 8);
	}

	private InstanceView instance(String name, int memoryMb) {
		return awaitPlaced(
				createInstance(new CreateInstanceRequest(name, "web", "default", memoryMb, null, null, 1, null)).id());
	}

	private WebTestClient.ResponseSpec patch(InstanceView instance, Integer revision, String ifMatch) {
		WebTestClient.RequestBodySpec request = this.web.patch().uri(ApiPaths.INSTANCE, instance.id());
		if (ifMatch != null) {
			request.header(HttpHeaders.IF_MATCH, ifMatch);
		}
		return request.bodyValue(new InstancePatch(revision)).exchange();
	}

	@Test
	void anotherRevisionBumpsTheGenerationAndReachesTheAgent() {
		InstanceView placed = instance("web-1", 512);
		String etag = this.web.get()
			.uri(ApiPaths.INSTANCE, placed.id())
			.exchange()
			.returnResult(String.class)
			.getResponseHeaders()
			.getETag();

		InstanceView patched = patch(placed, 2, etag).expectStatus()
			.isOk()
			.expectHeader()
			.value(HttpHeaders.ETAG, (tag) -> assertThat(tag).isNotEqualTo(etag))
			.expectBody(InstanceView.class)
			.returnResult()
			.getResponseBody();

		assertThat(patched.systemRevision()).isEqualTo(2);
		assertThat(patched.generation()).isEqualTo(placed.generation() + 1);
		DesiredInstance desired = heartbeat(this.node).instances().getFirst();
		assertThat(desired.generation()).isEqualTo(patched.generation());
		assertThat(desired.config().personalities().getFirst().priority()).isEqualTo(101);
		List<InstanceEvent> events = events(placed.id());
		assertThat(events.getLast().reason()).isEqualTo(InstanceEvent.Reason.RevisionChanged);
		assertThat(events.getLast().message()).startsWith("system revision 1 -> 2, generation 2");
		// The same revision again changes nothing.
		InstanceView same = patch(placed, 2, null).expectStatus()
			.isOk()
			.expectBody(InstanceView.class)
			.returnResult()
			.getResponseBody();
		assertThat(same.generation()).isEqualTo(patched.generation());
	}

	@Test
	void aStaleIfMatchIs412AndChangesNothing() {
		InstanceView placed = instance("web-1", 512);

		expectProblem(patch(placed, 2, "\"999\""), 412);

		assertThat(instance(placed.id()).systemRevision()).isEqualTo(1);
	}

	@Test
	void aRevisionThatDoesNotExistOrDoesNotFitIs400() {
		InstanceView small = instance("web-1", 256);

		expectProblem(patch(small, 7, null), 400).jsonPath("$.errors[0].field").isEqualTo("systemRevision");
		expectProblem(patch(small, 2, null), 400).jsonPath("$.errors[0].message")
			.value((String message) -> assertThat(message).contains("laid out for 512"));
		expectProblem(patch(small, null, null), 400).jsonPath("$.errors[0].field").isEqualTo("systemRevision");
		expectProblem(this.web.patch()
			.uri(ApiPaths.INSTANCE, java.util.UUID.randomUUID())
			.bodyValue(new InstancePatch(1))
			.exchange(), 404);
	}

}
