package dev.atoll.controlplane.rollouts;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.CreateRolloutRequest;
import dev.atoll.api.DesiredInstance;
import dev.atoll.api.InstanceEvent;
import dev.atoll.api.InstanceView;
import dev.atoll.api.RolloutState;
import dev.atoll.api.RolloutView;
import dev.atoll.api.RolloutView.BatchState;
import dev.atoll.api.RolloutView.TargetState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Health gates that fail, operators that pause, resume and abort, stale ETags. */
class RolloutRollbackApiTests extends RolloutApiTest {

	private SimulatedAgent agent;

	private List<InstanceView> instances;

	@BeforeEach
	void threeInstancesReadyAtRevisionOne() {
		createSystemWithTwoRevisions();
		this.agent = new SimulatedAgent(this.web, registerNode("host-a", 8192, 16));
		this.instances = List.of(placedInstance("web-1", Map.of()), placedInstance("web-2", Map.of()),
				placedInstance("web-3", Map.of()));
		this.agent.tick();
	}

	/** The agent never reports Ready for revision 2. */
	private void revisionTwoNeverReady() {
		this.agent.readyWhen((DesiredInstance desired) -> desired.systemRevision() != 2);
	}

	@Test
	void anInstanceThatNeverBecomesReadyRollsEveryMovedInstanceBackAutomatically() {
		revisionTwoNeverReady();
		RolloutView created = startRollout(new CreateRolloutRequest(SYSTEM, 2, null, 1, 1, 2));

		RolloutView done = tickUntil(created.id(), (view) -> view.state().isTerminal(), this.agent);

		assertThat(done.state()).as(done.message()).isEqualTo(RolloutState.RolledBack);
		RolloutView.Target first = done.batches().get(0).instances().get(0);
		assertThat(first.name()).isEqualTo("web-1");
		assertThat(first.state()).isEqualTo(TargetState.RolledBack);
		assertThat(first.reason()).contains("health gate failed: not Ready at generation 2 within 2 s")
			.contains("Ready=False (TasksMissing: linux is not running)")
			.endsWith("moved back to revision 1");
		assertThat(done.batches().get(0).state()).isEqualTo(BatchState.RolledBack);
		assertThat(done.batches().subList(1, 3)).allSatisfy((batch) -> assertThat(batch.instances())
			.allSatisfy((target) -> assertThat(target.state()).isEqualTo(TargetState.Skipped)));
		for (InstanceView instance : this.instances) {
			assertThat(instance(instance.id()).systemRevision()).isEqualTo(1);
		}
		InstanceView moved = instance(this.instances.get(0).id());
		assertThat(moved.generation()).isEqualTo(3);
		assertThat(events(moved.id())).extracting(InstanceEvent::reason)
			.containsSubsequence(InstanceEvent.Reason.RevisionChanged, InstanceEvent.Reason.HealthGateFailed,
					InstanceEvent.Reason.RevisionChanged);
		// The agent is told to boot revision 1 again, at a new generation, and is Ready.
		DesiredInstance desired = this.agent.tick()
			.instances()
			.stream()
			.filter((instance) -> instance.id().equals(moved.id()))
			.findFirst()
			.orElseThrow();
		assertThat(desired.systemRevision()).isEqualTo(1);
		assertThat(desired.generation()).isEqualTo(3);
	}

	@Test
	void aPausedRolloutMovesNoFurtherInstanceUntilResumed() throws InterruptedException {
		RolloutView created = startRollout(new CreateRolloutRequest(SYSTEM, 2, null, 1, 1, 30));
		tickUntil(created.id(), (view) -> moved(view) >= 1, this.agent);

		RolloutView paused = controlAtCurrentVersion(ApiPaths.ROLLOUT_PAUSE, created.id());
		assertThat(paused.state()).isEqualTo(RolloutState.Paused);
		long movedWhenPaused = moved(paused);
		for (int i = 0; i < 8; i++) {
			this.agent.tick();
			Thread.sleep(150);
		}
		RolloutView stillPaused = rollout(created.id());
		assertThat(stillPaused.state()).isEqualTo(RolloutState.Paused);
		assertThat(moved(stillPaused)).isEqualTo(movedWhenPaused);
		assertThat(stillPaused.message()).startsWith("paused");
		expectProblem(control(ApiPaths.ROLLOUT_PAUSE, created.id(), null), 409);

		RolloutView resumed = controlAtCurrentVersion(ApiPaths.ROLLOUT_RESUME, created.id());
		assertThat(resumed.state()).isEqualTo(RolloutState.Running);
		RolloutView done = tickUntil(created.id(), (view) -> view.state().isTerminal(), this.agent);
		assertThat(done.state()).isEqualTo(RolloutState.Succeeded);
		expectProblem(control(ApiPaths.ROLLOUT_RESUME, created.id(), null), 409);
	}

	@Test
	void anAbortedRolloutMovesBackWhatItMovedAndEnds() {
		revisionTwoNeverReady();
		RolloutView created = startRollout(new CreateRolloutRequest(SYSTEM, 2, null, 1, 1, 300));
		tickUntil(created.id(), (view) -> moved(view) >= 1, this.agent);

		RolloutView aborted = controlAtCurrentVersion(ApiPaths.ROLLOUT_ABORT, created.id());

		assertThat(aborted.state()).isEqualTo(RolloutState.Aborted);
		assertThat(aborted.message()).startsWith("aborted by an operator: 1 instance moved back");
		assertThat(aborted.batches().get(0).instances().get(0).state()).isEqualTo(TargetState.RolledBack);
		for (InstanceView instance : this.instances) {
			assertThat(instance(instance.id()).systemRevision()).isEqualTo(1);
		}
		expectProblem(control(ApiPaths.ROLLOUT_ABORT, created.id(), null), 409).jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("is Aborted"));
	}

	@Test
	void deletedInstancesAreSkippedAndARolloutLeftWithNoneFails() {
		revisionTwoNeverReady();
		RolloutView created = startRollout(new CreateRolloutRequest(SYSTEM, 2, null, 1, 3, 300));
		tickUntil(created.id(), (view) -> moved(view) >= 1, this.agent);

		// The waiting ones first: web-1, moving and never Ready, holds their batches
		// back.
		for (InstanceView instance : this.instances.reversed()) {
			this.web.delete().uri(ApiPaths.INSTANCE, instance.id()).exchange().expectStatus().isAccepted();
		}
		RolloutView done = tickUntil(created.id(), (view) -> view.state().isTerminal(), this.agent);

		assertThat(done.state()).isEqualTo(RolloutState.Failed);
		assertThat(done.message()).isEqualTo("every selected instance was deleted");
		List<RolloutView.Target> targets = done.batches()
			.stream()
			.flatMap((batch) -> batch.instances().stream())
			.toList();
		assertThat(targets).extracting(RolloutView.Target::state).containsOnly(TargetState.Skipped);
		assertThat(targets).extracting(RolloutView.Target::reason)
			.containsExactly("deleted while moving", "deleted before its turn", "deleted before its turn");
	}

	@Test
	void aStaleIfMatchIs412AndChangesNothing() {
		RolloutView created = startRollout(new CreateRolloutRequest(SYSTEM, 2, null, 1, 1, 30));

		for (String path : List.of(ApiPaths.ROLLOUT_PAUSE, ApiPaths.ROLLOUT_RESUME, ApiPaths.ROLLOUT_ABORT)) {
			expectProblem(control(path, created.id(), "\"0\""), 412);
		}
		assertThat(rollout(created.id()).state()).isIn(RolloutState.Pending, RolloutState.Running);
		expectProblem(control(ApiPaths.ROLLOUT_PAUSE, UUID.randomUUID(), null), 404);
	}

	private static long moved(RolloutView view) {
		return view.batches()
			.stream()
			.flatMap((batch) -> batch.instances().stream())
			.filter((target) -> target.state() != TargetState.Waiting)
			.count();
	}

}
