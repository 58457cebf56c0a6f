package dev.atoll.controlplane.leases;

import java.time.Duration;
import java.util.Map;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.DesiredInstance;
import dev.atoll.api.InstanceEvent;
import dev.atoll.api.InstanceView;
import dev.atoll.api.LeaseState;
import dev.atoll.api.LeaseView;
import dev.atoll.api.NodeAssignments;
import dev.atoll.api.NodeRegistered;
import dev.atoll.api.Phase;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A lease from creation to its end, with a simulated agent that speaks the real agent
 * protocol (heartbeats, status reports) over HTTP.
 */
class LeaseLifecycleApiTests extends LeaseApiTest {

	@Test
	void aLeaseGetsAnInstanceThatBecomesReadyAndIsTornDownOnRelease() {
		NodeRegistered node = registerNode("node-a", 1024, 4);

		LeaseView created = this.ci.post()
			.uri(ApiPaths.LEASES)
			.bodyValue(lease("run-17", Map.of("arch", "aarch64"), 600))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectHeader()
			.value("Location", (location) -> assertThat(location).matches("/api/v1/leases/[0-9a-f-]{36}"))
			.expectHeader()
			.exists("ETag")
			.expectBody(LeaseView.class)
			.returnResult()
			.getResponseBody();
		assertThat(created.ciRunId()).isEqualTo("run-17");
		assertThat(created.owner()).isEqualTo("ci-runner");
		assertThat(created.state()).isIn(LeaseState.Queued, LeaseState.Provisioning);
		assertThat(created.instanceId()).as("the instance is created with the lease").isNotNull();
		assertThat(created.expiresAt()).isAfter(created.createdAt().plusSeconds(590));
		assertThat(created.endpoint()).isNull();

		// The instance is an ordinary instance, labelled with its lease and CI run.
		InstanceView instance = awaitPlaced(created.instanceId());
		assertThat(instance.nodeId()).isEqualTo(node.nodeId());
		assertThat(instance.labels()).containsEntry("atoll.dev/lease", created.id().toString())
			.containsEntry("atoll.dev/ci-run", "run-17");
		assertThat(instance.nodeSelector()).containsExactlyEntriesOf(Map.of("arch", "aarch64"));
		assertThat(instance.memoryMb()).isEqualTo(128);
		LeaseView provisioning = awaitLease(created.id(), (lease) -> lease.state() == LeaseState.Provisioning);
		assertThat(provisioning.reason()).contains("node-a");
		assertThat(provisioning.queuePosition()).isNull();

		// The agent learns of it through its heartbeat and reports it booting, then
		// running.
		NodeAssignments assignments = heartbeat(node);
		assertThat(assignments.instances()).extracting(DesiredInstance::id).containsExactly(created.instanceId());
		reportPhase(node, created.instanceId(), Phase.Booting, "kernel booting");
		assertThat(awaitLease(created.id(), (lease) -> lease.reason().contains("kernel booting")).state())
			.isEqualTo(LeaseState.Provisioning);
		// Running is not Ready: the lease waits for the Ready condition.
		reportPhase(node, created.instanceId(), Phase.Running, "telemetry flowing");
		assertThat(awaitLease(created.id(), (lease) -> lease.reason().contains("telemetry flowing")).state())
			.isEqualTo(LeaseState.Provisioning);
		reportReady(node, created.instanceId());

		LeaseView ready = awaitLease(created.id(), (lease) -> lease.state() == LeaseState.Ready);
		assertThat(ready.endpoint()).isNotNull();
		assertThat(ready.endpoint().instanceId()).isEqualTo(created.instanceId());
		assertThat(ready.endpoint().nodeName()).isEqualTo("node-a");
		assertThat(ready.endpoint().instanceUrl()).isEqualTo("/api/v1/instances/" + created.instanceId());
		assertThat(ready.endpoint().consoleUrl())
			.isEqualTo("http://127.0.0.1:9100/api/v1/instances/" + created.instanceId() + "/console");

		// Release: the lease ends at once, the instance goes the normal deletion path.
		LeaseView released = this.ci.delete()
			.uri(ApiPaths.LEASE, created.id())
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody(LeaseView.class)
			.returnResult()
			.getResponseBody();
		assertThat(released.state()).isEqualTo(LeaseState.Released);
		assertThat(released.reason()).isEqualTo("released by ci-runner");
		assertThat(released.endedAt()).isNotNull();
		assertThat(released.endpoint()).isNull();
		InstanceView deleting = await().atMost(Duration.ofSeconds(10))
			.until(() -> instance(created.instanceId()), InstanceView::deleting);
		assertThat(deleting.nodeId()).isEqualTo(node.nodeId());
		assertThat(events(created.instanceId())).extracting(InstanceEvent::reason)
			.contains(InstanceEvent.Reason.LeaseReleased);
		assertThat(heartbeat(node, created.instanceId()).instances()).as("the agent is told to stop it").isEmpty();
		assertThat(lease(created.id()).instanceGone()).as("still running on the node").isFalse();

		// The agent stopped it: the instance is purged and the lease records that.
		heartbeat(node);
		assertThat(statusOf(created.instanceId())).isEqualTo(HttpStatus.NOT_FOUND);
		LeaseView done = awaitLease(created.id(), LeaseView::instanceGone);
		assertThat(done.state()).isEqualTo(LeaseState.Released);

		// Releasing again changes nothing.
		this.ci.delete().uri(ApiPaths.LEASE, created.id()).exchange().expectStatus().isAccepted();
		assertThat(lease(created.id())).usingRecursiveComparison().isEqualTo(done);
	}

	@Test
	void anExpiredLeaseIsReapedAndItsInstanceTornDown() {
		NodeRegistered node = registerNode("node-a", 1024, 4);
		LeaseView created = create(lease("run-3", Map.of(), 3));
		awaitPlaced(created.instanceId());
		heartbeat(node);
		reportReady(node, created.instanceId());
		awaitLease(created.id(), (lease) -> lease.state() == LeaseState.Ready);

		// Nobody renews it.
		LeaseView expired = awaitLease(created.id(), (lease) -> lease.state() == LeaseState.Expired);
		assertThat(expired.reason()).isEqualTo("not renewed within its TTL of 3 s");
		assertThat(expired.endedAt()).isAfterOrEqualTo(created.expiresAt());
		InstanceView deleting = await().atMost(Duration.ofSeconds(10))
			.until(() -> instance(created.instanceId()), InstanceView::deleting);
		assertThat(deleting.deleting()).isTrue();
		assertThat(events(created.instanceId()))
			.filteredOn((event) -> event.reason() == InstanceEvent.Reason.LeaseExpired)
			.singleElement()
			.satisfies((event) -> assertThat(event.message()).contains(created.id().toString()).contains("run-3"));

		// The agent stops it; the instance is gone for good and the lease says so.
		assertThat(heartbeat(node, created.instanceId()).instances()).isEmpty();
		heartbeat(node);
		assertThat(awaitLease(created.id(), LeaseView::instanceGone).state()).isEqualTo(LeaseState.Expired);
		assertThat(statusOf(created.instanceId())).isEqualTo(HttpStatus.NOT_FOUND);
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(200))
			.untilAsserted(
					() -> assertThat(textOf("/actuator/prometheus")).contains("atoll_leases{state=\"Expired\"} 1.0")
						.contains("atoll_leases{state=\"Ready\"} 0.0")
						.contains("atoll_leases_queued 0.0"));
	}

	@Test
	void anExpiredLeaseWhoseNodeWentOfflineIsStillTornDown() {
		NodeRegistered node = registerNode("node-a", 1024, 4);
		LeaseView created = create(lease("run-4", Map.of(), 2));
		awaitPlaced(created.instanceId());
		awaitLease(created.id(), (lease) -> lease.state() == LeaseState.Expired);
		await().atMost(Duration.ofSeconds(10)).until(() -> instance(created.instanceId()), InstanceView::deleting);

		// No agent will confirm the stop: once its node is offline, the deletion is
		// purged.
		silence(node);
		assertThat(awaitLease(created.id(), LeaseView::instanceGone).state()).isEqualTo(LeaseState.Expired);
		assertThat(statusOf(created.instanceId())).isEqualTo(HttpStatus.NOT_FOUND);
	}

	@Test
	void aLeaseWhoseInstanceFailsFails() {
		NodeRegistered node = registerNode("node-a", 1024, 4);
		LeaseView created = create(lease("run-5", Map.of(), 600));
		awaitPlaced(created.instanceId());
		heartbeat(node);
		reportPhase(node, created.instanceId(), Phase.Failed, "qemu exited with status 1");

		LeaseView failed = awaitLease(created.id(), (lease) -> lease.state() == LeaseState.Failed);
		assertThat(failed.reason()).contains("qemu exited with status 1");
		await().atMost(Duration.ofSeconds(10)).until(() -> instance(created.instanceId()), InstanceView::deleting);
		assertThat(events(created.instanceId())).extracting(InstanceEvent::reason)
			.contains(InstanceEvent.Reason.LeaseFailed);
	}

}
