package dev.atoll.controlplane.scheduling;

import java.time.Duration;
import java.util.Map;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.CreateInstanceRequest;
import dev.atoll.api.InstanceView;
import dev.atoll.api.NodeRegistered;
import dev.atoll.api.NodeRegistration;
import dev.atoll.controlplane.ApiTest;
import dev.atoll.controlplane.instances.PlacementMessages;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The scheduler places an instance only on a node carrying its node selector's labels.
 */
class NodeSelectorApiTests extends ApiTest {

	@Test
	void anInstanceGoesToTheNodeWhoseLabelsAndArchitectureItsSelectorNames() {
		register("qemu-x86", "x86_64", Map.of("backend", "qemu"));
		NodeRegistered rpi = register("board-rpi4", "aarch64", Map.of("backend", "board", "board-type", "rpi4"));
		NodeRegistered arm = register("qemu-arm", "aarch64", Map.of("backend", "qemu"));

		InstanceView onBoard = create("on-board", Map.of("board-type", "rpi4"));
		InstanceView onArmQemu = create("on-arm-qemu", Map.of("backend", "qemu", "arch", "aarch64"));

		assertThat(awaitPlaced(onBoard.id()).nodeId()).isEqualTo(rpi.nodeId());
		InstanceView placed = awaitPlaced(onArmQemu.id());
		assertThat(placed.nodeId()).isEqualTo(arm.nodeId());
		assertThat(placed.nodeSelector()).containsEntry("arch", "aarch64");
		assertThat(placed.labels()).containsEntry("team", "ci");
		assertThat(placed.bootCount()).isEqualTo(1);
	}

	@Test
	void anInstanceNoNodeMatchesWaitsAndSaysSo() {
		register("qemu-arm", "aarch64", Map.of("backend", "qemu"));

		InstanceView waiting = create("on-jetson", Map.of("board-type", "jetson"));

		await().atMost(Duration.ofSeconds(5))
			.until(() -> instance(waiting.id()).message(), PlacementMessages.NO_MATCHING_NODE::equals);
		NodeRegistered jetson = register("board-jetson", "aarch64", Map.of("board-type", "jetson"));
		assertThat(awaitPlaced(waiting.id()).nodeId()).isEqualTo(jetson.nodeId());
	}

	@Test
	void malformedLabelsAndSelectorsNameTheirKeys() {
		expectProblem(this.web.post()
			.uri(ApiPaths.INSTANCES)
			.bodyValue(new CreateInstanceRequest("web-1", "linux", "default", null, Map.of("-bad", "x"),
					Map.of("ok", "y", "also bad!", "z")))
			.exchange(), 400).jsonPath("$.errors[*].field")
			.value((fields) -> assertThat(fields.toString()).contains("labels.-bad", "nodeSelector.also bad!"));
	}

	private NodeRegistered register(String name, String architecture, Map<String, String> labels) {
		return registerNode(new NodeRegistration(name, architecture, 4096, 8, labels, null));
	}

	private InstanceView create(String name, Map<String, String> nodeSelector) {
		return createInstance(
				new CreateInstanceRequest(name, "linux", "default", 256, Map.of("team", "ci"), nodeSelector));
	}

}
