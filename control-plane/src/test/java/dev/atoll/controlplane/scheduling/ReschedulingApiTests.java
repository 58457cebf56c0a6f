package dev.atoll.controlplane.scheduling;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.DesiredInstance;
import dev.atoll.api.InstanceEvent;
import dev.atoll.api.InstanceReport;
import dev.atoll.api.InstanceView;
import dev.atoll.api.NodeAdminState;
import dev.atoll.api.NodeRegistered;
import dev.atoll.api.NodeRegistration;
import dev.atoll.api.Phase;
import dev.atoll.controlplane.ApiTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What becomes of instances whose node goes Offline. */
class ReschedulingApiTests extends ApiTest {

	@Test
	void aQemuInstanceOfAnOfflineNodeIsPlacedOnAnotherNodeWithANewGeneration() {
		NodeRegistered first = registerNode("host-a", 1024, 4);
		InstanceView instance = awaitPlaced(createInstance("web-1", 256).id());
		assertThat(instance.nodeId()).isEqualTo(first.nodeId());
		NodeRegistered second = registerNode("host-b", 1024, 4);
		heartbeat(second);

		silence(first);

		InstanceView moved = await().atMost(Duration.ofSeconds(10))
			.until(() -> instance(instance.id()), (view) -> second.nodeId().equals(view.nodeId()));
		assertThat(moved.bootCount()).isEqualTo(2);
		assertThat(moved.phase()).isEqualTo(Phase.Pending);
		assertThat(heartbeat(second).instances()).extracting(DesiredInstance::generation).containsExactly(2L);
		assertThat(events(instance.id())).extracting(InstanceEvent::reason)
			.containsExactly(InstanceEvent.Reason.Scheduled, InstanceEvent.Reason.Rescheduled,
					InstanceEvent.Reason.Scheduled);
		// The old node, back again, is told to run nothing: its agent stops the old copy.
		assertThat(heartbeat(first, instance.id()).instances()).isEmpty();
	}

	@Test
	void aBoardInstanceOfAnOfflineNodeIsLostUntilItsNodeReportsAgain() {
		NodeRegistered board = registerNode(new NodeRegistration("rpi-1", "aarch64", 1024, 1,
				Map.of("backend", "board", "board-type", "rpi4"), null));
		InstanceView instance = awaitPlaced(createInstance("on-board", 256).id());
		NodeRegistered other = registerNode("host-b", 1024, 4);
		heartbeat(other);

		silence(board);

		InstanceView lost = await().atMost(Duration.ofSeconds(10))
			.until(() -> instance(instance.id()), (view) -> view.phase() == Phase.Lost);
		assertThat(lost.nodeId()).isEqualTo(board.nodeId());
		assertThat(events(instance.id())).extracting(InstanceEvent::reason).contains(InstanceEvent.Reason.Lost);

		heartbeat(board, instance.id());
		report(board, instance.id(), new InstanceReport(Phase.Running, "", List.of(), List.of(), null, 1))
			.expectStatus()
			.isNoContent();
		assertThat(instance(instance.id()).phase()).isEqualTo(Phase.Running);
	}

	@Test
	void anOfflineNodeInMaintenanceKeepsItsInstances() throws InterruptedException {
		NodeRegistered node = registerNode("host-a", 1024, 4);
		InstanceView instance = awaitPlaced(createInstance("web-1", 256).id());
		heartbeat(registerNode("host-b", 1024, 4));
		changeAdminState(node.nodeId(), NodeAdminState.Maintenance);

		silence(node);
		Thread.sleep(2500);

		InstanceView kept = instance(instance.id());
		assertThat(kept.nodeId()).isEqualTo(node.nodeId());
		assertThat(kept.phase()).isEqualTo(Phase.Pending);
		assertThat(kept.bootCount()).isEqualTo(1);
	}

	@Test
	void eventsOfAnUnknownInstanceAreNotFound() {
		expectProblem(this.web.get().uri(ApiPaths.INSTANCE_EVENTS, UUID.randomUUID()).exchange(), 404);
	}

}
