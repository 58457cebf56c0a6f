package dev.atoll.controlplane.systems;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.SystemPatch;
import dev.atoll.api.SystemView;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/** ETag, If-Match, If-None-Match and Idempotency-Key on systems. */
class SystemConcurrencyApiTests extends SystemApiTest {

	@Test
	void aPatchWithAStaleIfMatchIs412AndChangesNothing() {
		createSystem(SystemFixtures.VALID, null).expectStatus().isCreated();
		patchSystem("web", new SystemPatch(Map.of("team", "b"), null), "\"1\"").expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"2\"");
		expectProblem(patchSystem("web", new SystemPatch(Map.of("team", "c"), null), "\"1\""), 412).jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("\"2\""));
		expectProblem(patchSystem("web", new SystemPatch(Map.of("team", "c"), null), "W/\"2\""), 412);
		assertThat(system("web").labels()).containsEntry("team", "b");
		patchSystem("web", new SystemPatch(Map.of("team", "d"), null), "\"7\", \"2\"").expectStatus().isOk();
		patchSystem("web", new SystemPatch(Map.of("team", "e"), null), "*").expectStatus().isOk();
	}

	@Test
	void aDeleteWithAStaleIfMatchIs412() {
		createSystem(SystemFixtures.VALID, null).expectStatus().isCreated();
		expectProblem(this.web.delete().uri(ApiPaths.SYSTEM, "web").header(HttpHeaders.IF_MATCH, "\"9\"").exchange(),
				412);
		this.web.delete()
			.uri(ApiPaths.SYSTEM, "web")
			.header(HttpHeaders.IF_MATCH, "\"1\"")
			.exchange()
			.expectStatus()
			.isNoContent();
	}

	@Test
	void aGetWithTheCurrentTagIs304() {
		createSystem(SystemFixtures.VALID, null).expectStatus().isCreated();
		this.web.get()
			.uri(ApiPaths.SYSTEM, "web")
			.header(HttpHeaders.IF_NONE_MATCH, "W/\"1\"")
			.exchange()
			.expectStatus()
			.isNotModified()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"1\"");
		this.web.get()
			.uri(ApiPaths.SYSTEM, "web")
			.header(HttpHeaders.IF_NONE_MATCH, "\"0\"")
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void theSameKeyAndRequestAnswersTheFirstSystemAgain() {
		SystemView first = createSystem(SystemFixtures.VALID, "k-1").expectStatus()
			.isCreated()
			.expectBody(SystemView.class)
			.returnResult()
			.getResponseBody();
		SystemView again = createSystem(SystemFixtures.VALID, "k-1").expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals(ApiPaths.IDEMPOTENT_REPLAYED, "true")
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"1\"")
			.expectBody(SystemView.class)
			.returnResult()
			.getResponseBody();
		assertThat(again).isEqualTo(first);
		assertThat(this.sql.sql("select count(*) from system_revisions").query(Integer.class).single()).isEqualTo(1);
	}

	@Test
	void theSameKeyWithAnotherRequestIs422() {
		createSystem(SystemFixtures.VALID, "k-1").expectStatus().isCreated();
		expectProblem(this.web.post()
			.uri(ApiPaths.SYSTEMS)
			.header(ApiPaths.IDEMPOTENCY_KEY, "k-1")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(SystemFixtures.edited("/labels={\"team\": \"z\"}"))
			.exchange(), 422);
	}

	@Test
	void anInstanceKeyAndASystemKeyDoNotCollide() {
		this.web.post()
			.uri(ApiPaths.INSTANCES)
			.header(ApiPaths.IDEMPOTENCY_KEY, "shared")
			.bodyValue(new dev.atoll.api.CreateInstanceRequest("web-1", "linux", "default", null))
			.exchange()
			.expectStatus()
			.isCreated();
		createSystem(SystemFixtures.VALID, "shared").expectStatus()
			.isCreated()
			.expectHeader()
			.doesNotExist(ApiPaths.IDEMPOTENT_REPLAYED);
	}

	@Test
	void concurrentCreatesWithOneKeyCreateOneSystem() throws Exception {
		try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
			List<CompletableFuture<Integer>> results = IntStream.range(0, 8)
				.mapToObj((i) -> CompletableFuture.supplyAsync(
						() -> createSystem(SystemFixtures.VALID, "race").returnResult(String.class).getStatus().value(),
						pool))
				.toList();
			assertThat(results).allSatisfy((result) -> assertThat(result.get()).isEqualTo(201));
		}
		assertThat(this.sql.sql("select count(*) from systems").query(Integer.class).single()).isEqualTo(1);
	}

	@Test
	void aMalformedKeyIs400() {
		expectProblem(createSystem(SystemFixtures.VALID, "has space"), 400).jsonPath("$.errors[0].field")
			.isEqualTo(ApiPaths.IDEMPOTENCY_KEY);
	}

}
