package dev.atoll.controlplane.instances;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.CreateInstanceRequest;
import dev.atoll.api.InstanceView;
import dev.atoll.controlplane.ApiTest;
import dev.atoll.controlplane.system.GuestMemory;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyKeyApiTests extends ApiTest {

	@Test
	void theSameKeyWithTheSameBodyAnswers201WithTheSameInstanceAgain() {
		InstanceView first = create("key-1", new CreateInstanceRequest("web-1", "linux", "default", 128)).expectStatus()
			.isCreated()
			.expectHeader()
			.doesNotExist(ApiPaths.IDEMPOTENT_REPLAYED)
			.expectBody(InstanceView.class)
			.returnResult()
			.getResponseBody();

		InstanceView again = create("key-1", new CreateInstanceRequest("web-1", "linux", "default", 128)).expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals(ApiPaths.IDEMPOTENT_REPLAYED, "true")
			.expectHeader()
			.valueEquals("Location", "/api/v1/instances/" + first.id())
			.expectBody(InstanceView.class)
			.returnResult()
			.getResponseBody();

		assertThat(again).isEqualTo(first);
		assertThat(instanceCount()).isEqualTo(1);
	}

	@Test
	void theDefaultMemoryAndItsValueAreTheSameBody() {
		InstanceView first = create("key-1", new CreateInstanceRequest("web-1", "linux", "default", null))
			.expectStatus()
			.isCreated()
			.expectBody(InstanceView.class)
			.returnResult()
			.getResponseBody();

		create("key-1", new CreateInstanceRequest("web-1", "linux", "default", GuestMemory.DEFAULT_MB)).expectStatus()
			.isCreated()
			.expectBody(InstanceView.class)
			.value((again) -> assertThat(again.id()).isEqualTo(first.id()));
	}

	@Test
	void theSameKeyWithAnotherBodyIs422AndCreatesNothing() {
		create("key-1", new CreateInstanceRequest("web-1", "linux", "default", 128)).expectStatus().isCreated();

		expectProblem(create("key-1", new CreateInstanceRequest("web-2", "linux", "default", 128)), 422)
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("key-1"));
		expectProblem(create("key-1", new CreateInstanceRequest("web-1", "linux", "default", 256)), 422);

		assertThat(instanceCount()).isEqualTo(1);
	}

	@Test
	void anotherKeyIsAnotherRequest() {
		create("key-1", new CreateInstanceRequest("web-1", "linux", "default", 128)).expectStatus().isCreated();

		expectProblem(create("key-2", new CreateInstanceRequest("web-1", "linux", "default", 128)), 409);
	}

	@Test
	void aRefusedCreateDoesNotUseUpTheKey() {
		createInstance("web-1", 128);
		expectProblem(create("key-1", new CreateInstanceRequest("web-1", "linux", "default", 128)), 409);

		create("key-1", new CreateInstanceRequest("web-2", "linux", "default", 128)).expectStatus().isCreated();
	}

	@Test
	void anExpiredKeyIsForgotten() {
		create("key-1", new CreateInstanceRequest("web-1", "linux", "default", 128)).expectStatus().isCreated();
		this.sql.sql("update idempotency_keys set expires_at = now() - interval '1 second'").update();

		create("key-1", new CreateInstanceRequest("web-2", "linux", "default", 128)).expectStatus()
			.isCreated()
			.expectHeader()
			.doesNotExist(ApiPaths.IDEMPOTENT_REPLAYED);
		assertThat(instanceCount()).isEqualTo(2);
	}

	@Test
	void aKeyIsRememberedForItsTimeToLive() {
		create("key-1", new CreateInstanceRequest("web-1", "linux", "default", 128)).expectStatus().isCreated();

		Double hours = this.sql.sql("select extract(epoch from expires_at - created_at) / 3600 from idempotency_keys")
			.query(Double.class)
			.single();
		assertThat(hours).isEqualTo(24.0);
	}

	@Test
	void concurrentRequestsWithOneKeyCreateOneInstance() throws Exception {
		try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
			List<CompletableFuture<UUID>> answers = IntStream.range(0, 8)
				.mapToObj((i) -> CompletableFuture
					.supplyAsync(() -> create("key-1", new CreateInstanceRequest("web-1", "linux", "default", 128))
						.expectStatus()
						.isCreated()
						.expectBody(InstanceView.class)
						.returnResult()
						.getResponseBody()
						.id(), pool))
				.toList();

			List<UUID> ids = answers.stream().map(CompletableFuture::join).distinct().toList();
			assertThat(ids).hasSize(1);
		}
		assertThat(instanceCount()).isEqualTo(1);
	}

	@Test
	void aKeyMustBeVisibleAsciiOfAtMost255Characters() {
		expectProblem(create("x".repeat(256), new CreateInstanceRequest("web-1", "linux", "default", 128)), 400)
			.jsonPath("$.errors[0].field")
			.isEqualTo(ApiPaths.IDEMPOTENCY_KEY);
		expectProblem(create("two words", new CreateInstanceRequest("web-1", "linux", "default", 128)), 400);

		assertThat(instanceCount()).isZero();
	}

	private WebTestClient.ResponseSpec create(String key, CreateInstanceRequest request) {
		return this.web.post()
			.uri(ApiPaths.INSTANCES)
			.header(ApiPaths.IDEMPOTENCY_KEY, key)
			.bodyValue(request)
			.exchange();
	}

	private long instanceCount() {
		return this.sql.sql("select count(*) from instances").query(Long.class).single();
	}

}
