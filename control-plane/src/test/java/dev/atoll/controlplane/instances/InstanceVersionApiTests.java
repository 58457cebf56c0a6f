package dev.atoll.controlplane.instances;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.CreateInstanceRequest;
import dev.atoll.api.InstanceReport;
import dev.atoll.api.InstanceView;
import dev.atoll.api.NodeRegistered;
import dev.atoll.api.Phase;
import dev.atoll.controlplane.ApiTest;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class InstanceVersionApiTests extends ApiTest {

	@Test
	void createAnswersVersionOneAndGetTheCurrentVersionAsAStrongETag() {
		String created = this.web.post()
			.uri(ApiPaths.INSTANCES)
			.bodyValue(new CreateInstanceRequest("web-1", "linux", "default", null))
			.exchange()
			.expectStatus()
			.isCreated()
			.returnResult(InstanceView.class)
			.getResponseHeaders()
			.getETag();
		UUID id = this.sql.sql("select id from instances where name = 'web-1'").query(UUID.class).single();

		assertThat(created).isEqualTo("\"1\"");
		// The scheduler may say "no node with capacity" meanwhile: a new version, then
		// none.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(etag(id))
				.isEqualTo("\"" + this.sql.sql("select version from instances where id = :id")
					.param("id", id)
					.query(Long.class)
					.single() + "\""));
	}

	@Test
	void theVersionChangesWithPlacementAndWithEveryObservedChangeButNotWithARepeatedReport() {
		NodeRegistered node = registerNode("node-a", 1024, 4);
		InstanceView instance = createInstance("web-1", 256);
		awaitPlaced(instance.id());
		String placed = etag(instance.id());

		report(node, instance.id(), running("booted")).expectStatus().isNoContent();
		String running = etag(instance.id());
		report(node, instance.id(), running("booted")).expectStatus().isNoContent();
		String repeated = etag(instance.id());
		report(node, instance.id(), running("busy")).expectStatus().isNoContent();
		String changed = etag(instance.id());

		assertThat(running).isNotEqualTo(placed);
		assertThat(repeated).isEqualTo(running);
		assertThat(changed).isNotEqualTo(running).isNotEqualTo(placed);
	}

	@Test
	void aDeleteWithAStaleIfMatchIs412AndChangesNothing() {
		NodeRegistered node = registerNode("node-a", 1024, 4);
		InstanceView instance = createInstance("web-1", 256);
		awaitPlaced(instance.id());
		String stale = etag(instance.id());
		report(node, instance.id(), running("booted")).expectStatus().isNoContent();
		String current = etag(instance.id());

		expectProblem(
				this.web.delete().uri(ApiPaths.INSTANCE, instance.id()).header(HttpHeaders.IF_MATCH, stale).exchange(),
				412)
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains(current));

		assertThat(instance(instance.id()).deleting()).isFalse();
		assertThat(etag(instance.id())).isEqualTo(current);
	}

	@Test
	void aDeleteWithTheCurrentETagIsAccepted() {
		registerNode("node-a", 1024, 4);
		InstanceView instance = createInstance("web-1", 256);
		awaitPlaced(instance.id());
		String current = etag(instance.id());

		this.web.delete()
			.uri(ApiPaths.INSTANCE, instance.id())
			.header(HttpHeaders.IF_MATCH, "\"999999\", " + current)
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody(InstanceView.class)
			.value((view) -> assertThat(view.deleting()).isTrue());
	}

	@Test
	void ifMatchStarMatchesAnyVersionAndAWeakTagNeverMatches() {
		registerNode("node-a", 1024, 4);
		InstanceView instance = createInstance("web-1", 256);
		awaitPlaced(instance.id());
		String current = etag(instance.id());

		expectProblem(this.web.delete()
			.uri(ApiPaths.INSTANCE, instance.id())
			.header(HttpHeaders.IF_MATCH, "W/" + current)
			.exchange(), 412);
		expectProblem(this.web.delete()
			.uri(ApiPaths.INSTANCE, instance.id())
			.header(HttpHeaders.IF_MATCH, "not a tag")
			.exchange(), 412);
		this.web.delete()
			.uri(ApiPaths.INSTANCE, instance.id())
			.header(HttpHeaders.IF_MATCH, "*")
			.exchange()
			.expectStatus()
			.isAccepted();
	}

	@Test
	void aGetWithIfNoneMatchOfTheCurrentVersionIs304WithoutABody() {
		registerNode("node-a", 1024, 4);
		InstanceView instance = createInstance("web-1", 256);
		awaitPlaced(instance.id());
		String current = etag(instance.id());

		this.web.get()
			.uri(ApiPaths.INSTANCE, instance.id())
			.header(HttpHeaders.IF_NONE_MATCH, "W/" + current)
			.exchange()
			.expectStatus()
			.isNotModified()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, current)
			.expectBody()
			.isEmpty();
		this.web.get()
			.uri(ApiPaths.INSTANCE, instance.id())
			.header(HttpHeaders.IF_NONE_MATCH, "\"999999\"")
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void ifMatchOnAnUnknownInstanceIs404() {
		expectProblem(this.web.delete()
			.uri(ApiPaths.INSTANCE, UUID.randomUUID())
			.header(HttpHeaders.IF_MATCH, "\"1\"")
			.exchange(), 404);
	}

	private String etag(UUID id) {
		return this.web.get()
			.uri(ApiPaths.INSTANCE, id)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(InstanceView.class)
			.getResponseHeaders()
			.getETag();
	}

	private static InstanceReport running(String message) {
		return new InstanceReport(Phase.Running, message, List.of(), List.of(), null, 1);
	}

}
