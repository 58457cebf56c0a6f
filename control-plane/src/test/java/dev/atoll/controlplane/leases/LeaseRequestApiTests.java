package dev.atoll.controlplane.leases;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.CreateLeaseRequest;
import dev.atoll.api.InstanceView;
import dev.atoll.api.LeaseState;
import dev.atoll.api.LeaseView;
import dev.atoll.api.RenewLeaseRequest;
import dev.atoll.api.Role;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Renewals with ETags, idempotent creation, ownership, and every error as a problem. */
class LeaseRequestApiTests extends LeaseApiTest {

	/** Labels no node carries: the lease stays Queued, its version steady. */
	private static final Map<String, String> NOWHERE = Map.of("arch", "riscv64");

	@Test
	void aRenewalMovesTheExpiryAndAStaleETagIs412() {
		LeaseView created = create(lease("run-1", NOWHERE, 60));
		LeaseView settled = awaitLease(created.id(), (lease) -> lease.reason().startsWith("no node"));
		String etag = etagOf(created.id());
		this.ci.get()
			.uri(ApiPaths.LEASE, created.id())
			.header(HttpHeaders.IF_NONE_MATCH, etag)
			.exchange()
			.expectStatus()
			.isNotModified();

		EntityExchangeResult<LeaseView> renewed = this.ci.post()
			.uri(ApiPaths.LEASE_RENEW, created.id())
			.header(HttpHeaders.IF_MATCH, etag)
			.bodyValue(new RenewLeaseRequest(3600))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(LeaseView.class)
			.returnResult();
		assertThat(renewed.getResponseBody().expiresAt()).isAfter(settled.expiresAt().plusSeconds(3000));
		assertThat(renewed.getResponseBody().ttlSeconds()).isEqualTo(3600);
		assertThat(renewed.getResponseHeaders().getETag()).isNotEqualTo(etag);

		expectProblem(this.ci.post()
			.uri(ApiPaths.LEASE_RENEW, created.id())
			.header(HttpHeaders.IF_MATCH, etag)
			.bodyValue(new RenewLeaseRequest(7200))
			.exchange(), 412).jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains(renewed.getResponseHeaders().getETag()));
		assertThat(lease(created.id()).ttlSeconds()).as("nothing changed").isEqualTo(3600);
	}

	@Test
	void theSameIdempotencyKeyAnswersTheSameLeaseAndCreatesOneInstance() {
		CreateLeaseRequest request = lease("run-9", NOWHERE, 600);
		LeaseView first = createWithKey(request, "ci-run-9-attempt-1").expectStatus()
			.isCreated()
			.expectBody(LeaseView.class)
			.returnResult()
			.getResponseBody();

		createWithKey(request, "ci-run-9-attempt-1").expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals(ApiPaths.IDEMPOTENT_REPLAYED, "true")
			.expectBody(LeaseView.class)
			.value((again) -> {
				assertThat(again.id()).isEqualTo(first.id());
				assertThat(again.instanceId()).isEqualTo(first.instanceId());
			});
		expectProblem(createWithKey(lease("run-10", NOWHERE, 600), "ci-run-9-attempt-1"), 422);

		assertThat(this.web.get()
			.uri(ApiPaths.LEASES + "?ciRunId=run-9")
			.exchange()
			.expectBodyList(LeaseView.class)
			.returnResult()
			.getResponseBody()).hasSize(1);
		assertThat(this.web.get()
			.uri(ApiPaths.INSTANCES)
			.exchange()
			.expectBodyList(InstanceView.class)
			.returnResult()
			.getResponseBody()).extracting(InstanceView::id).containsExactly(first.instanceId());
	}

	@Test
	void aCiTokenManagesOnlyItsOwnLeasesAndAViewerOnlyReads() {
		LeaseView created = create(lease("run-1", NOWHERE, 600));
		WebTestClient otherCi = as(createToken("other-runner", Role.ci).secret());
		WebTestClient viewer = as(createToken("dashboard", Role.viewer).secret());

		expectProblem(otherCi.delete().uri(ApiPaths.LEASE, created.id()).exchange(), 403).jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("ci-runner"));
		expectProblem(
				otherCi.post().uri(ApiPaths.LEASE_RENEW, created.id()).bodyValue(new RenewLeaseRequest(60)).exchange(),
				403);
		expectProblem(viewer.post().uri(ApiPaths.LEASES).bodyValue(lease("run-2", NOWHERE, 60)).exchange(), 403);
		expectProblem(viewer.delete().uri(ApiPaths.LEASE, created.id()).exchange(), 403);
		viewer.get().uri(ApiPaths.LEASE, created.id()).exchange().expectStatus().isOk();
		assertThat(lease(created.id()).state()).isNotEqualTo(LeaseState.Released);

		// An admin may release anyone's.
		this.web.delete().uri(ApiPaths.LEASE, created.id()).exchange().expectStatus().isAccepted();
		assertThat(lease(created.id()).reason()).isEqualTo("released by configured-admin");
	}

	@Test
	void invalidRequestsAreProblemsNamingEveryField() {
		expectProblem(this.ci.post()
			.uri(ApiPaths.LEASES)
			.bodyValue(new CreateLeaseRequest(null, 0, "Bad_Image", null, Map.of("bad key!", "x"), 0, null, 32))
			.exchange(), 400).jsonPath("$.errors[*].field")
			.value((List<String> fields) -> assertThat(fields).contains("ttlSeconds", "ciRunId", "system",
					"systemRevision", "image", "memoryMb", "labels.bad key!"));
		expectProblem(this.ci.post()
			.uri(ApiPaths.LEASES)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"system\": \"linux\", \"image\": \"default\", \"ttlSeconds\": 60, \"ciRunId\": \"r\","
					+ " \"colour\": \"blue\"}")
			.exchange(), 400).jsonPath("$.errors[0].field").isEqualTo("colour");
		expectProblem(this.ci.post()
			.uri(ApiPaths.LEASES)
			.bodyValue(new CreateLeaseRequest("linux", 4, "default", null, null, 60, "run-1", null))
			.exchange(), 400).jsonPath("$.errors[0].field").isEqualTo("systemRevision");
		expectProblem(this.ci.post()
			.uri(ApiPaths.LEASES)
			.bodyValue(new CreateLeaseRequest("linux", null, "default", null, null, 86_401, "run-1", null))
			.exchange(), 400).jsonPath("$.errors[0].field").isEqualTo("ttlSeconds");
		assertThat(this.sql.sql("select count(*) from leases").query(Long.class).single()).isZero();
		assertThat(this.sql.sql("select count(*) from instances").query(Long.class).single()).isZero();
	}

	@Test
	void unknownLeasesBadIdsAndBadFiltersAreProblems() {
		UUID unknown = UUID.randomUUID();
		expectProblem(this.ci.get().uri(ApiPaths.LEASE, unknown).exchange(), 404);
		expectProblem(this.ci.delete().uri(ApiPaths.LEASE, unknown).exchange(), 404);
		expectProblem(this.ci.post().uri(ApiPaths.LEASE_RENEW, unknown).bodyValue(new RenewLeaseRequest(60)).exchange(),
				404);
		expectProblem(this.ci.get().uri(ApiPaths.LEASE, "not-a-uuid").exchange(), 400);
		expectProblem(this.ci.get().uri(ApiPaths.LEASES + "?state=Sleeping").exchange(), 400)
			.jsonPath("$.errors[0].field")
			.isEqualTo("state");
		expectProblem(this.ci.get().uri(ApiPaths.LEASES + "?labelSelector=a=b=c&limit=0").exchange(), 400)
			.jsonPath("$.errors[*].field")
			.value((List<String> fields) -> assertThat(fields).containsExactlyInAnyOrder("labelSelector", "limit"));
		expectProblem(this.ci.get().uri(ApiPaths.LEASES + "?cursor=bm90LW91cnM").exchange(), 400);
	}

	@Test
	void anEndedLeaseCannotBeRenewedAndABadTtlIsRefused() {
		LeaseView created = create(lease("run-1", NOWHERE, 600));
		expectProblem(
				this.ci.post().uri(ApiPaths.LEASE_RENEW, created.id()).bodyValue(new RenewLeaseRequest(0)).exchange(),
				400)
			.jsonPath("$.errors[0].field")
			.isEqualTo("ttlSeconds");
		this.ci.delete().uri(ApiPaths.LEASE, created.id()).exchange().expectStatus().isAccepted();

		expectProblem(
				this.ci.post().uri(ApiPaths.LEASE_RENEW, created.id()).bodyValue(new RenewLeaseRequest(60)).exchange(),
				409)
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("Released"));
	}

	@Test
	void theListPaginatesAndFiltersByLabelsAndCiRun() {
		for (int i = 0; i < 5; i++) {
			create(lease("run-" + (i % 2), Map.of("arch", "riscv64", "pool", (i < 3) ? "fast" : "slow"), 600));
		}
		EntityExchangeResult<List<LeaseView>> page = this.web.get()
			.uri(ApiPaths.LEASES + "?labelSelector=pool=fast&limit=2")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBodyList(LeaseView.class)
			.returnResult();
		assertThat(page.getResponseBody()).hasSize(2);
		List<LeaseView> rest = this.web.get()
			.uri(nextPage(page.getResponseHeaders().getFirst(HttpHeaders.LINK)))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.doesNotExist(HttpHeaders.LINK)
			.expectBodyList(LeaseView.class)
			.returnResult()
			.getResponseBody();
		assertThat(rest).hasSize(1).allSatisfy((lease) -> assertThat(lease.labels()).containsEntry("pool", "fast"));
		assertThat(this.web.get()
			.uri(ApiPaths.LEASES + "?ciRunId=run-1&labelSelector=pool=slow")
			.exchange()
			.expectBodyList(LeaseView.class)
			.returnResult()
			.getResponseBody()).singleElement().satisfies((lease) -> assertThat(lease.ciRunId()).isEqualTo("run-1"));
	}

	private WebTestClient.ResponseSpec createWithKey(CreateLeaseRequest request, String key) {
		return this.ci.post().uri(ApiPaths.LEASES).header(ApiPaths.IDEMPOTENCY_KEY, key).bodyValue(request).exchange();
	}

	private String etagOf(UUID id) {
		return this.ci.get()
			.uri(ApiPaths.LEASE, id)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(LeaseView.class)
			.getResponseHeaders()
			.getETag();
	}

}
