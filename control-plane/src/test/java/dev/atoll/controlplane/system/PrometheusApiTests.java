package dev.atoll.controlplane.system;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.InstanceReport;
import dev.atoll.api.InstanceView;
import dev.atoll.api.LeaseState;
import dev.atoll.api.NodeConnectivity;
import dev.atoll.api.NodeRegistered;
import dev.atoll.api.Phase;
import dev.atoll.api.RolloutState;
import dev.atoll.controlplane.ApiTest;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@TestPropertySource(properties = "atoll.metrics.refresh-interval=100ms")
class PrometheusApiTests extends ApiTest {

	private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

	@Test
	void fleetGaugesCountNodesByConnectivityInstancesByPhaseAndThePlacementQueue() {
		NodeRegistered online = registerNode("node-a", 256, 1);
		NodeRegistered silent = registerNode("node-b", 256, 1);
		silence(silent);
		InstanceView placed = createInstance("web-1", 256);
		awaitPlaced(placed.id());
		createInstance("web-2", 256);
		createInstance("web-3", 256);
		report(online, placed.id(), new InstanceReport(Phase.Running, "", List.of(), List.of(), null, 1)).expectStatus()
			.isNoContent();

		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
			String scrape = scrape();
			assertThat(scrape).contains("atoll_nodes{connectivity=\"Online\"} 1.0")
				.contains("atoll_nodes{connectivity=\"Disconnected\"} 0.0")
				.contains("atoll_nodes{connectivity=\"Offline\"} 1.0")
				.contains("atoll_instances{phase=\"Running\"} 1.0")
				.contains("atoll_instances{phase=\"Pending\"} 2.0")
				.contains("atoll_instances{phase=\"Failed\"} 0.0")
				.contains("atoll_instances_pending 2.0");
		});
	}

	@Test
	void fleetGaugeLabelsAreEnumValuesNeverIdsOrNames() {
		NodeRegistered node = registerNode("node-secret-name", 1024, 4);
		InstanceView instance = createInstance("instance-secret-name", 256);
		awaitPlaced(instance.id());
		this.web.get().uri(ApiPaths.INSTANCE, instance.id()).exchange().expectStatus().isOk();
		this.web.get().uri(ApiPaths.NODE, node.nodeId()).exchange().expectStatus().isOk();

		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> assertThat(scrape()).contains("atoll_instances_pending 0.0"));
		String scrape = scrape();

		assertThat(scrape).doesNotContain("secret-name")
			.doesNotContain(instance.id().toString())
			.doesNotContain(node.nodeId().toString());
		Set<String> allowed = Stream
			.of(NodeConnectivity.values(), Phase.values(), LeaseState.values(), RolloutState.values())
			.flatMap(Stream::of)
			.map(Enum::name)
			.collect(Collectors.toSet());
		scrape.lines().filter((line) -> line.startsWith("atoll_")).forEach((line) -> {
			Matcher label = LABEL.matcher(line);
			while (label.find()) {
				assertThat(allowed).as(line).contains(label.group(2));
			}
		});
	}

	@Test
	void requestMetricsAreTaggedWithTheRouteTemplateNotThePath() {
		InstanceView instance = createInstance("web-1", 256);
		this.web.get().uri(ApiPaths.INSTANCE, instance.id()).exchange().expectStatus().isOk();

		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> assertThat(scrape()).containsPattern(
					"http_server_requests_seconds_count\\{[^}]*method=\"GET\"[^}]*uri=\"/api/v1/instances/\\{instanceId}\"[^}]*} [1-9]"));
		assertThat(scrape()).doesNotContain(instance.id().toString());
	}

	@Test
	void unknownRoutesDoNotAddASeriesPerPath() {
		String path = "/api/v1/no-such-thing-" + UUID.randomUUID();
		expectProblem(this.web.get().uri(path).exchange(), 404);

		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> assertThat(scrape()).contains("status=\"404\""));
		assertThat(scrape()).doesNotContain("no-such-thing");
	}

	private String scrape() {
		return textOf("/actuator/prometheus");
	}

}
