package dev.atoll.controlplane.instances;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.ConditionType;
import dev.atoll.api.CreateInstanceRequest;
import dev.atoll.api.DesiredInstance;
import dev.atoll.api.InstanceView;
import dev.atoll.api.NodeHeartbeat;
import dev.atoll.api.NodeRegistered;
import dev.atoll.api.Phase;
import dev.atoll.controlplane.ApiTest;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class InstanceLifecycleApiTests extends ApiTest {

	@Test
	void createdInstanceIsPendingWithDefaultMemoryAndALocation() {
		InstanceView created = this.web.post()
			.uri(ApiPaths.INSTANCES)
			.bodyValue(new CreateInstanceRequest("web-1", "linux", "default", null))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectHeader()
			.value("Location", (location) -> assertThat(location).matches("/api/v1/instances/[0-9a-f-]{36}"))
			.expectBody(InstanceView.class)
			.returnResult()
			.getResponseBody();

		assertThat(created.name()).isEqualTo("web-1");
		assertThat(created.memoryMb()).isEqualTo(256);
		assertThat(created.phase()).isEqualTo(Phase.Pending);
		assertThat(created.nodeId()).isNull();
		assertThat(created.deleting()).isFalse();
		assertThat(created.message()).isEqualTo(PlacementMessages.WAITING);
		assertThat(created.conditions()).singleElement().satisfies((scheduled) -> {
			assertThat(scheduled.type()).isEqualTo(ConditionType.Scheduled);
			assertThat(scheduled.status()).isFalse();
		});
		// The scheduler may have looked at it meanwhile: no node, so it says why, in its
		// message and in Scheduled.
		assertThat(instance(created.id())).usingRecursiveComparison()
			.ignoringFields("message", "updatedAt", "conditions")
			.isEqualTo(created);
	}

	@Test
	void theListShowsEveryInstanceOldestFirst() {
		InstanceView first = createInstance("web-1", 128);
		InstanceView second = createInstance("web-2", 128);

		this.web.get()
			.uri(ApiPaths.INSTANCES)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBodyList(InstanceView.class)
			.value((views) -> assertThat(views).extracting(InstanceView::id).containsExactly(first.id(), second.id()));
	}

	@Test
	void aDuplicateNameIs409() {
		createInstance("web-1", null);

		expectProblem(this.web.post()
			.uri(ApiPaths.INSTANCES)
			.bodyValue(new CreateInstanceRequest("web-1", "other", "other", 64))
			.exchange(), 409).jsonPath("$.detail").value((String detail) -> assertThat(detail).contains("web-1"));
	}

	@Test
	void anUnknownInstanceIs404() {
		expectProblem(this.web.get().uri(ApiPaths.INSTANCE, UUID.randomUUID()).exchange(), 404);
		expectProblem(this.web.delete().uri(ApiPaths.INSTANCE, UUID.randomUUID()).exchange(), 404);
		expectProblem(this.web.get().uri(ApiPaths.INSTANCE_TASKS, UUID.randomUUID()).exchange(), 404);
	}

	@Test
	void anInvalidUuidInThePathIs400NamingTheParameter() {
		expectProblem(this.web.get().uri(ApiPaths.INSTANCES + "/not-a-uuid").exchange(), 400)
			.jsonPath("$.errors[0].field")
			.isEqualTo("instanceId");
		expectProblem(this.web.put()
			.uri(ApiPaths.NODES + "/nope/heartbeat")
			.bodyValue(new NodeHeartbeat(List.of()))
			.exchange(), 400).jsonPath("$.errors[0].field").isEqualTo("nodeId");
	}

	@Test
	void unknownRoutesAndMethodsAreProblemsToo() {
		expectProblem(this.web.get().uri(ApiPaths.BASE + "/nothing-here").exchange(), 404);
		expectProblem(this.web.patch().uri(ApiPaths.INSTANCES).exchange(), 405);
		expectProblem(
				this.web.post().uri(ApiPaths.INSTANCES).contentType(MediaType.TEXT_PLAIN).bodyValue("web-1").exchange(),
				415)
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("application/json").doesNotContain("dev.atoll"));
	}

	@Test
	void deletingAnUnplacedInstancePurgesItAtOnce() {
		InstanceView created = createInstance("web-1", null);

		InstanceView deleted = this.web.delete()
			.uri(ApiPaths.INSTANCE, created.id())
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody(InstanceView.class)
			.returnResult()
			.getResponseBody();

		assertThat(deleted.deleting()).isTrue();
		assertThat(statusOf(created.id())).isEqualTo(HttpStatus.NOT_FOUND);
	}

	@Test
	void aPlacedInstanceIsPurgedOnlyOnceItsNodeNoLongerReportsItRunning() {
		NodeRegistered node = registerNode("host-a", 1024, 4);
		InstanceView created = awaitPlaced(createInstance("web-1", null).id());
		assertThat(heartbeat(node).instances()).extracting(DesiredInstance::id).containsExactly(created.id());

		InstanceView deleted = this.web.delete()
			.uri(ApiPaths.INSTANCE, created.id())
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody(InstanceView.class)
			.returnResult()
			.getResponseBody();
		assertThat(deleted.deleting()).isTrue();

		// The node still runs it: it is no longer desired, but not gone either.
		assertThat(heartbeat(node, created.id()).instances()).isEmpty();
		assertThat(instance(created.id()).deleting()).isTrue();

		// The node stopped it: the deletion is complete.
		assertThat(heartbeat(node).instances()).isEmpty();
		assertThat(statusOf(created.id())).isEqualTo(HttpStatus.NOT_FOUND);
	}

	@Test
	void deletingAnInstanceWhoseNodeIsOfflinePurgesItAtOnce() {
		NodeRegistered node = registerNode("host-a", 1024, 4);
		InstanceView created = awaitPlaced(createInstance("web-1", null).id());
		silence(node);

		this.web.delete().uri(ApiPaths.INSTANCE, created.id()).exchange().expectStatus().isAccepted();

		assertThat(statusOf(created.id())).isEqualTo(HttpStatus.NOT_FOUND);
	}

	@Test
	void deletingAnInstanceWhoseNodeIsOnlyDisconnectedWaitsForTheNodeToStopIt() {
		NodeRegistered node = registerNode("host-a", 1024, 4);
		InstanceView created = awaitPlaced(createInstance("web-1", null).id());
		silenceFor(node, 10); // past the 3 s disconnection deadline, well within the 60 s
								// offline one

		this.web.delete().uri(ApiPaths.INSTANCE, created.id()).exchange().expectStatus().isAccepted();
		// Scheduler passes run every second: across two seconds the deletion stays
		// pending.
		await().during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(3))
			.until(() -> statusOf(created.id()) == HttpStatus.OK && instance(created.id()).deleting());
		heartbeat(node);
		assertThat(statusOf(created.id())).isEqualTo(HttpStatus.NOT_FOUND);
	}

	@Test
	void aDeletionStrandedByANodeGoingOfflineIsPurgedByTheScheduler() {
		NodeRegistered node = registerNode("host-a", 1024, 4);
		InstanceView created = awaitPlaced(createInstance("web-1", null).id());
		this.web.delete().uri(ApiPaths.INSTANCE, created.id()).exchange().expectStatus().isAccepted();
		assertThat(instance(created.id()).deleting()).isTrue();

		silence(node);

		await().atMost(Duration.ofSeconds(5)).until(() -> statusOf(created.id()) == HttpStatus.NOT_FOUND);
	}

	@Test
	void deletingTwiceIsAcceptedTwice() {
		NodeRegistered node = registerNode("host-a", 1024, 4);
		InstanceView created = awaitPlaced(createInstance("web-1", null).id());
		heartbeat(node, created.id());

		this.web.delete().uri(ApiPaths.INSTANCE, created.id()).exchange().expectStatus().isAccepted();
		this.web.delete()
			.uri(ApiPaths.INSTANCE, created.id())
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody()
			.jsonPath("$.deleting")
			.isEqualTo(true);
	}

}
