package dev.atoll.controlplane.watch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.CreateInstanceRequest;
import dev.atoll.api.DesiredInstance;
import dev.atoll.api.InstanceView;
import dev.atoll.api.NodeRegistered;
import dev.atoll.api.WatchEvent;
import dev.atoll.controlplane.ApiTest;
import dev.atoll.controlplane.ControlPlaneApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two control-plane replicas on one database: this test's application and a second one
 * started beside it, each with its own connection pool, scheduler and LISTEN connection.
 */
class TwoReplicasApiTests extends ApiTest {

	@LocalServerPort
	private int port;

	@Value("${spring.datasource.url}")
	private String databaseUrl;

	@Value("${spring.datasource.username}")
	private String databaseUser;

	private ConfigurableApplicationContext other;

	private WebClient a;

	private WebClient b;

	@BeforeEach
	void startTheOtherReplica() {
		// Command-line arguments: they outrank application.properties (server.port=8080).
		this.other = new SpringApplicationBuilder(ControlPlaneApplication.class).run("--server.port=0",
				"--spring.datasource.url=" + this.databaseUrl, "--spring.datasource.username=" + this.databaseUser,
				"--spring.datasource.password=", "--spring.flyway.enabled=false",
				"--atoll.auth.admin-token=" + ADMIN_TOKEN);
		int otherPort = ((WebServerApplicationContext) this.other).getWebServer().getPort();
		this.a = asAdmin(this.port);
		this.b = asAdmin(otherPort);
	}

	private static WebClient asAdmin(int port) {
		return WebClient.builder()
			.baseUrl("http://127.0.0.1:" + port)
			.defaultHeader(ApiPaths.AUTHORIZATION, "Bearer " + ADMIN_TOKEN)
			.build();
	}

	@AfterEach
	void stopTheOtherReplica() {
		this.other.close();
	}

	@Test
	void anAgentConnectedToOneReplicaIsNudgedByAChangeMadeThroughTheOther() {
		NodeRegistered node = registerNode("node-a", 1024, 4);
		Flux<ServerSentEvent<String>> nudges = this.b.get()
			.uri(ApiPaths.NODE_NUDGES, node.nodeId())
			.header(ApiPaths.AUTHORIZATION, "Bearer " + node.nodeToken())
			.retrieve()
			.bodyToFlux(WatchApiTests.NUDGES)
			.filter((event) -> "nudge".equals(event.event()))
			.cache();
		nudges.subscribe(null, WatchApiTests::closedWithTheReplica);
		WatchApiTests.awaitEvents(nudges, 1);
		Flux<ServerSentEvent<WatchEvent<InstanceView>>> watch = this.b.get()
			.uri(ApiPaths.WATCH_INSTANCES + "?" + ApiPaths.RESOURCE_VERSION + "=0")
			.retrieve()
			.bodyToFlux(WatchApiTests.INSTANCE_EVENTS)
			.filter((event) -> event.data() != null)
			.cache();
		watch.subscribe(null, WatchApiTests::closedWithTheReplica);

		InstanceView created = createInstance("web-1", null);

		WatchApiTests.awaitEvents(nudges, 2);
		assertThat(WatchApiTests.awaitEvents(watch, 1).getFirst().data().id()).isEqualTo(created.id());
	}

	@Test
	void twoHundredInstancesCreatedConcurrentlyThroughBothReplicasArePlacedExactlyOnce() {
		NodeRegistered first = registerNode("node-a", 120 * 64, 120);
		NodeRegistered second = registerNode("node-b", 120 * 64, 120);

		List<InstanceView> created = Flux.range(0, 200)
			.flatMap((i) -> ((i % 2 == 0) ? this.a : this.b).post()
				.uri(ApiPaths.INSTANCES)
				.bodyValue(new CreateInstanceRequest("burst-" + i, "linux", "default", 64))
				.retrieve()
				.bodyToMono(InstanceView.class), 32)
			.collectList()
			.block(Duration.ofSeconds(120));
		assertThat(created).hasSize(200);

		List<DesiredInstance> assigned = new ArrayList<>();
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
			assigned.clear();
			assigned.addAll(heartbeat(first).instances());
			assigned.addAll(heartbeat(second).instances());
			return assigned.size() >= 200;
		});
		Set<UUID> ids = new HashSet<>();
		assigned
			.forEach((instance) -> assertThat(ids.add(instance.id())).as("placed once: " + instance.name()).isTrue());
		assertThat(ids).containsExactlyInAnyOrderElementsOf(created.stream().map(InstanceView::id).toList());
		assertThat(this.sql.sql("select count(*) from instance_events where reason = 'Scheduled'")
			.query(Long.class)
			.single()).isEqualTo(200);
	}

}
