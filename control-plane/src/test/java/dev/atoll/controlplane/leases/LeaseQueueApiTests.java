package dev.atoll.controlplane.leases;

import java.util.Map;

import dev.atoll.api.LeaseState;
import dev.atoll.api.LeaseView;
import dev.atoll.api.NodeRegistered;
import dev.atoll.api.NodeRegistration;
import dev.atoll.api.ApiPaths;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lease queue is transparent: each waiting lease shows its position and why it waits.
 */
class LeaseQueueApiTests extends LeaseApiTest {

	@Test
	void aLeaseNoNodeCanServeSaysWhichLabelsNoNodeMatches() {
		registerNode("node-a", 1024, 4);

		LeaseView created = create(lease("run-1", Map.of("arch", "arm64"), 600));

		LeaseView queued = awaitLease(created.id(), (lease) -> lease.reason().startsWith("no node"));
		assertThat(queued.state()).isEqualTo(LeaseState.Queued);
		assertThat(queued.reason()).isEqualTo("no node matches labels arch=arm64");
		assertThat(queued.queuePosition()).isEqualTo(1);
		assertThat(queued.instanceId()).isNotNull();
	}

	@Test
	void leasesWaitInLineForAFullNodeAndMoveUpAsItFrees() {
		NodeRegistered node = registerNode(new NodeRegistration("node-a", "aarch64", 1024, 1,
				Map.of("backend", "qemu", "board", "virt"), "http://127.0.0.1:9100/metrics"));
		Map<String, String> labels = Map.of("board", "virt");
		LeaseView first = create(lease("run-1", labels, 600));
		awaitLease(first.id(), (lease) -> lease.state() == LeaseState.Provisioning);

		LeaseView second = create(lease("run-2", labels, 600));
		LeaseView third = create(lease("run-3", labels, 600));

		LeaseView secondWaiting = awaitLease(second.id(), (lease) -> lease.reason().contains("full"));
		assertThat(secondWaiting.state()).isEqualTo(LeaseState.Queued);
		assertThat(secondWaiting.reason()).isEqualTo("all nodes matching labels board=virt are full");
		assertThat(secondWaiting.queuePosition()).isEqualTo(1);
		LeaseView thirdWaiting = awaitLease(third.id(), (lease) -> lease.reason().contains("full"));
		assertThat(thirdWaiting.queuePosition()).isEqualTo(2);
		this.web.get()
			.uri(ApiPaths.LEASES + "?state=Queued")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBodyList(LeaseView.class)
			.value((leases) -> assertThat(leases).extracting(LeaseView::id).containsExactly(second.id(), third.id()));

		// The first lease is released; once the agent stopped its instance, the slot is
		// free and the next in line is served, first come, first served.
		this.ci.delete().uri(ApiPaths.LEASE, first.id()).exchange().expectStatus().isAccepted();
		heartbeat(node);
		awaitLease(second.id(), (lease) -> lease.state() == LeaseState.Provisioning);
		LeaseView thirdMovedUp = awaitLease(third.id(), (lease) -> lease.queuePosition() == 1);
		assertThat(thirdMovedUp.state()).isEqualTo(LeaseState.Queued);
	}

}
