package dev.atoll.controlplane.scheduling;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.CreateInstanceRequest;
import dev.atoll.api.DesiredInstance;
import dev.atoll.api.InstanceView;
import dev.atoll.api.NodeRegistered;
import dev.atoll.api.Phase;
import dev.atoll.controlplane.ApiTest;
import dev.atoll.controlplane.instances.PlacementMessages;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SchedulingApiTests extends ApiTest {

	@Test
	void aNewInstanceIsPlacedOnANodeWithCapacity() {
		NodeRegistered node = registerNode("host-a", 1024, 2);

		InstanceView placed = awaitPlaced(createInstance("web-1", 512).id());

		assertThat(placed.nodeId()).isEqualTo(node.nodeId());
		assertThat(placed.phase()).isEqualTo(Phase.Pending);
		assertThat(placed.message()).isEqualTo(PlacementMessages.PLACED);
	}

	@Test
	void withoutANodeWithCapacityAnInstanceStaysPendingAndSaysWhy() {
		registerNode("host-a", 512, 4);

		InstanceView tooBig = createInstance("web-1", 1024);

		InstanceView view = await().atMost(Duration.ofSeconds(5))
			.until(() -> instance(tooBig.id()), (current) -> PlacementMessages.NO_CAPACITY.equals(current.message()));
		assertThat(view.nodeId()).isNull();
		assertThat(view.phase()).isEqualTo(Phase.Pending);
	}

	@Test
	void aPendingInstanceIsPlacedOnceANodeWithCapacityRegisters() {
		InstanceView waiting = createInstance("web-1", 1024);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> instance(waiting.id()).message(), PlacementMessages.NO_CAPACITY::equals);

		NodeRegistered node = registerNode("host-a", 2048, 1);

		assertThat(awaitPlaced(waiting.id()).nodeId()).isEqualTo(node.nodeId());
	}

	@Test
	void offlineNodesGetNothing() {
		NodeRegistered node = registerNode("host-a", 2048, 4);
		silence(node);

		InstanceView waiting = createInstance("web-1", null);

		await().atMost(Duration.ofSeconds(5))
			.until(() -> instance(waiting.id()).message(), PlacementMessages.NO_CAPACITY::equals);
		assertThat(instance(waiting.id()).nodeId()).isNull();
	}

	@Test
	void theLeastLoadedNodeIsChosenFirst() {
		NodeRegistered a = registerNode("host-a", 4096, 8);
		NodeRegistered b = registerNode("host-b", 4096, 8);

		List<UUID> nodes = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			nodes.add(awaitPlaced(createInstance("web-" + i, null).id()).nodeId());
		}

		assertThat(nodes).filteredOn(a.nodeId()::equals).hasSize(2);
		assertThat(nodes).filteredOn(b.nodeId()::equals).hasSize(2);
	}

	@Test
	void slotsAndMemoryAreNeverExceeded() {
		NodeRegistered node = registerNode("host-a", 640, 3);

		InstanceView first = awaitPlaced(createInstance("web-1", 512).id());
		InstanceView second = createInstance("web-2", 256);
		InstanceView third = awaitPlaced(createInstance("web-3", 128).id());

		assertThat(first.nodeId()).isEqualTo(node.nodeId());
		assertThat(third.nodeId()).isEqualTo(node.nodeId());
		await().atMost(Duration.ofSeconds(5))
			.until(() -> instance(second.id()).message(), PlacementMessages.NO_CAPACITY::equals);
		assertThat(instance(second.id()).nodeId()).isNull();
	}

	@Test
	void anInstanceBeingDeletedKeepsItsSlotUntilItsNodeStopsIt() {
		NodeRegistered node = registerNode("host-a", 1024, 1);
		InstanceView old = awaitPlaced(createInstance("old", null).id());
		heartbeat(node, old.id());
		this.web.delete().uri(ApiPaths.INSTANCE, old.id()).exchange().expectStatus().isAccepted();

		InstanceView replacement = createInstance("replacement", null);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> instance(replacement.id()).message(), PlacementMessages.NO_CAPACITY::equals);

		heartbeat(node);
		assertThat(statusOf(old.id())).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(awaitPlaced(replacement.id()).nodeId()).isEqualTo(node.nodeId());
	}

	@Test
	void fiftyConcurrentCreationsArePlacedExactlyOnceAndNeverOverCapacity() {
		NodeRegistered a = registerNode("host-a", 20 * 256, 20);
		NodeRegistered b = registerNode("host-b", 4096, 25);

		List<InstanceView> created = Flux.range(0, 50)
			.flatMap((i) -> this.web.post()
				.uri(ApiPaths.INSTANCES)
				.bodyValue(new CreateInstanceRequest("burst-" + i, "linux", "default", 256))
				.exchange()
				.returnResult(InstanceView.class)
				.getResponseBody(), 50)
			.collectList()
			.block(Duration.ofSeconds(30));
		assertThat(created).hasSize(50).extracting(InstanceView::name).doesNotHaveDuplicates();

		// Capacity: 20 slots on a, 4096 / 256 = 16 on b; 14 must wait. The nodes keep
		// heartbeating: on a loaded machine the creations alone outlast three intervals.
		await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
			heartbeat(a);
			heartbeat(b);
			return placedCount() == 36;
		});
		await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> placedCount() == 36);

		List<DesiredInstance> onA = heartbeat(a).instances();
		List<DesiredInstance> onB = heartbeat(b).instances();
		assertThat(onA).hasSize(20);
		assertThat(onB).hasSize(16);
		assertThat(onB.stream().mapToInt(DesiredInstance::memoryMb).sum()).isLessThanOrEqualTo(4096);
		List<UUID> assigned = new ArrayList<>(onA.stream().map(DesiredInstance::id).toList());
		assigned.addAll(onB.stream().map(DesiredInstance::id).toList());
		assertThat(assigned).doesNotHaveDuplicates();
		Map<UUID, InstanceView> byId = created.stream()
			.collect(Collectors.toMap(InstanceView::id, Function.identity()));
		assertThat(byId.keySet()).containsAll(assigned);
		List<InstanceView> waiting = IntStream.range(0, 50)
			.mapToObj((i) -> created.get(i).id())
			.filter((id) -> !assigned.contains(id))
			.map(this::instance)
			.toList();
		assertThat(waiting).hasSize(14).allSatisfy((view) -> assertThat(view.nodeId()).isNull());
	}

	private int placedCount() {
		return this.sql.sql("select count(*) from instances where node_id is not null").query(Integer.class).single();
	}

}
