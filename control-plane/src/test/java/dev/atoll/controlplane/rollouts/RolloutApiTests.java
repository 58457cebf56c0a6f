package dev.atoll.controlplane.rollouts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.CreateRolloutRequest;
import dev.atoll.api.InstanceEvent;
import dev.atoll.api.InstanceView;
import dev.atoll.api.NodeRegistered;
import dev.atoll.api.RolloutState;
import dev.atoll.api.RolloutView;
import dev.atoll.api.RolloutView.BatchState;
import dev.atoll.api.RolloutView.TargetState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RolloutApiTests extends RolloutApiTest {

	@Autowired
	private DataSource dataSource;

	private NodeRegistered node;

	private SimulatedAgent agent;

	@BeforeEach
	void systemNodeAndAgent() {
		createSystemWithTwoRevisions();
		this.node = registerNode("host-a", 8192, 16);
		this.agent = new SimulatedAgent(this.web, this.node);
	}

	@Test
	void aRolloutMovesEveryInstanceBatchByBatchAndSucceeds() {
		List<InstanceView> instances = List.of(placedInstance("web-1", Map.of("tier", "front")),
				placedInstance("web-2", Map.of("tier", "front")), placedInstance("web-3", Map.of("tier", "front")),
				placedInstance("web-4", Map.of("tier", "front")), placedInstance("other", Map.of("tier", "back")));
		this.agent.tick();

		RolloutView created = startRollout(new CreateRolloutRequest(SYSTEM, 2, "tier=front", 2, 2, 30));
		assertThat(created.state()).isEqualTo(RolloutState.Pending);
		assertThat(created.batches()).hasSize(2);
		assertThat(created.batches().get(0).instances()).extracting(RolloutView.Target::name)
			.containsExactly("web-1", "web-2");
		assertThat(created.batches().get(1).instances()).allSatisfy((target) -> {
			assertThat(target.fromRevision()).isEqualTo(1);
			assertThat(target.toRevision()).isEqualTo(2);
			assertThat(target.state()).isEqualTo(TargetState.Waiting);
		});

		// The second batch never moves before every instance of the first is healthy.
		RolloutView done = tickUntil(created.id(), (view) -> {
			boolean secondMoving = view.batches()
				.get(1)
				.instances()
				.stream()
				.anyMatch((target) -> target.state() != TargetState.Waiting);
			assertThat(!secondMoving || view.batches().get(0).state() == BatchState.Done).as(view.toString()).isTrue();
			return view.state().isTerminal();
		}, this.agent);

		assertThat(done.state()).as(done.message()).isEqualTo(RolloutState.Succeeded);
		assertThat(done.currentBatch()).isNull();
		assertThat(done.batches()).allSatisfy((batch) -> assertThat(batch.state()).isEqualTo(BatchState.Done));
		assertThat(done.batches().stream().flatMap((batch) -> batch.instances().stream())).allSatisfy((target) -> {
			assertThat(target.state()).isEqualTo(TargetState.Healthy);
			assertThat(target.reason()).isEqualTo("Ready at generation 2");
		});
		for (InstanceView instance : instances.subList(0, 4)) {
			InstanceView now = instance(instance.id());
			assertThat(now.systemRevision()).isEqualTo(2);
			assertThat(now.generation()).isEqualTo(2);
			assertThat(events(instance.id())).extracting(InstanceEvent::reason)
				.contains(InstanceEvent.Reason.RevisionChanged);
		}
		InstanceView untouched = instance(instances.get(4).id());
		assertThat(untouched.systemRevision()).isEqualTo(1);
		assertThat(untouched.generation()).isEqualTo(1);
		assertThat(this.agent.tick().instances()).filteredOn((desired) -> desired.name().startsWith("web-"))
			.allSatisfy((desired) -> {
				assertThat(desired.systemRevision()).isEqualTo(2);
				assertThat(desired.config().personalities().getFirst().priority()).isEqualTo(101);
			});
	}

	@Test
	void noMoreInstancesAreUnavailableAtOnceThanMaxUnavailable() {
		for (int i = 1; i <= 5; i++) {
			placedInstance("web-" + i, Map.of());
		}
		this.agent.tick();
		int before = this.agent.mostBehind();

		// One batch of five, at most one unavailable: the agent, slower than the
		// reconciler, must never find two instances waiting for it at once.
		RolloutView created = startRollout(new CreateRolloutRequest(SYSTEM, 2, null, 5, 1, 30));
		RolloutView done = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(400)).until(() -> {
			this.agent.tick();
			return rollout(created.id());
		}, (view) -> view.state().isTerminal());

		assertThat(before).isZero();
		assertThat(done.state()).as(done.message()).isEqualTo(RolloutState.Succeeded);
		assertThat(this.agent.mostBehind()).isEqualTo(1);
	}

	@Test
	void anInstanceThatIsNotReadyBeforeItsTurnCostsNoAvailability() {
		placedInstance("web-1", Map.of());
		placedInstance("web-2", Map.of());
		// Never reported: neither instance is available, so moving both loses nothing.
		RolloutView created = startRollout(new CreateRolloutRequest(SYSTEM, 2, null, 2, 1, 30));

		RolloutView done = tickUntil(created.id(), (view) -> view.state().isTerminal(), this.agent);

		assertThat(done.state()).isEqualTo(RolloutState.Succeeded);
	}

	@Test
	void aRolloutAnotherTransactionHoldsIsSkippedNotWaitedFor() throws SQLException {
		placedInstance("web-1", Map.of("tier", "front"));
		placedInstance("web-2", Map.of("tier", "back"));
		this.agent.tick();
		RolloutView held = startRollout(new CreateRolloutRequest(SYSTEM, 2, "tier=front", null, null, 30));
		RolloutView free = startRollout(new CreateRolloutRequest(SYSTEM, 2, "tier=back", null, null, 30));

		// As another replica stepping it would: its row locked, in a transaction kept
		// open.
		try (Connection other = this.dataSource.getConnection()) {
			other.setAutoCommit(false);
			try (PreparedStatement lock = other.prepareStatement("select id from rollouts where id = ? for update")) {
				lock.setObject(1, held.id());
				lock.executeQuery().close();
			}
			RolloutView whenLocked = rollout(held.id());
			RolloutView done = tickUntil(free.id(), (view) -> view.state().isTerminal(), this.agent);
			assertThat(done.state()).isEqualTo(RolloutState.Succeeded);
			assertThat(rollout(held.id())).isEqualTo(whenLocked);
			other.rollback();
		}

		assertThat(tickUntil(held.id(), (view) -> view.state().isTerminal(), this.agent).state())
			.isEqualTo(RolloutState.Succeeded);
	}

	@Test
	void aReplayedIdempotencyKeyAnswersTheSameRolloutAndAnotherBodyIs422() {
		placedInstance("web-1", Map.of());
		CreateRolloutRequest request = new CreateRolloutRequest(SYSTEM, 2, null, null, null, null);

		RolloutView first = postRollout(request, "rollout-key-1").expectStatus()
			.isCreated()
			.expectBody(RolloutView.class)
			.returnResult()
			.getResponseBody();
		RolloutView again = postRollout(request, "rollout-key-1").expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals(ApiPaths.IDEMPOTENT_REPLAYED, "true")
			.expectBody(RolloutView.class)
			.returnResult()
			.getResponseBody();

		assertThat(again.id()).isEqualTo(first.id());
		assertThat(first.batchSize()).isEqualTo(1);
		assertThat(first.maxUnavailable()).isEqualTo(1);
		assertThat(first.healthTimeoutSeconds()).isEqualTo(300);
		expectProblem(postRollout(new CreateRolloutRequest(SYSTEM, 2, null, 3, null, null), "rollout-key-1"), 422);
	}

	@Test
	void anInstanceInAnActiveRolloutCannotJoinAnother() {
		placedInstance("web-1", Map.of());
		this.agent.readyWhen((desired) -> desired.systemRevision() == 1);
		startRollout(new CreateRolloutRequest(SYSTEM, 2, null, null, null, 300));

		expectProblem(postRollout(new CreateRolloutRequest(SYSTEM, 1, null, null, null, null), null), 409)
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("web-1"));
	}

	@Test
	void aRolloutRequestIsValidatedCompletely() {
		placedInstance("web-1", Map.of("tier", "front"));

		expectProblem(postRollout(new CreateRolloutRequest("Not A Name", null, "=x", 0, 1001, 0), null), 400)
			.jsonPath("$.errors[*].field")
			.value((List<String> fields) -> assertThat(fields).containsExactlyInAnyOrder("system", "toRevision",
					"selector", "batchSize", "maxUnavailable", "healthTimeoutSeconds"));
		expectProblem(postRollout(new CreateRolloutRequest(SYSTEM, 9, null, null, null, null), null), 400)
			.jsonPath("$.errors[0].field")
			.isEqualTo("toRevision");
		expectProblem(postRollout(new CreateRolloutRequest(SYSTEM, 2, "tier=back", null, null, null), null), 400)
			.jsonPath("$.errors[0].field")
			.isEqualTo("selector");
		expectProblem(this.web.get().uri(ApiPaths.ROLLOUT, UUID.randomUUID()).exchange(), 404);
		expectProblem(this.web.get().uri(ApiPaths.ROLLOUTS + "?cursor=nonsense").exchange(), 400);
	}

	@Test
	void theListShowsRolloutsNewestFirstOnPages() {
		placedInstance("web-1", Map.of());
		RolloutView first = startRollout(new CreateRolloutRequest(SYSTEM, 2, null, null, null, 30));
		tickUntil(first.id(), (view) -> view.state().isTerminal(), this.agent);
		RolloutView second = startRollout(new CreateRolloutRequest(SYSTEM, 1, null, null, null, 30));

		List<RolloutView> page = this.web.get()
			.uri(ApiPaths.ROLLOUTS + "?limit=1")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.exists("Link")
			.expectBodyList(RolloutView.class)
			.returnResult()
			.getResponseBody();
		assertThat(page).extracting(RolloutView::id).containsExactly(second.id());
		List<RolloutView> all = this.web.get()
			.uri(ApiPaths.ROLLOUTS)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBodyList(RolloutView.class)
			.returnResult()
			.getResponseBody();
		assertThat(all).extracting(RolloutView::id).containsExactly(second.id(), first.id());
	}

	@Test
	void theGaugesCountRolloutsByState() {
		placedInstance("web-1", Map.of());
		RolloutView rollout = startRollout(new CreateRolloutRequest(SYSTEM, 2, null, null, null, 30));
		tickUntil(rollout.id(), (view) -> view.state().isTerminal(), this.agent);

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(
					() -> assertThat(textOf("/actuator/prometheus")).contains("atoll_rollouts{state=\"Succeeded\"} 1.0")
						.contains("atoll_rollouts{state=\"RolledBack\"} 0.0"));
	}

}
