package dev.atoll.it;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.atoll.api.CreateInstanceRequest;
import dev.atoll.api.DesiredInstance;
import dev.atoll.api.InstanceView;
import dev.atoll.api.Phase;
import dev.atoll.api.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two control-plane processes (the real jar, twice) on one PostgreSQL database, with
 * simulated agents speaking the real agent protocol connected to each: what one replica
 * accepts, the other's agents run, and no instance is placed twice. The database server
 * is the API tests' ({@code ATOLL_TEST_JDBC_URL}, default
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres}); the test creates a database of its
 * own and drops it.
 */
class TwoControlPlanesEndToEndTest {

	private static final String SERVER = env("ATOLL_TEST_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");

	private static final String USER = env("ATOLL_TEST_DB_USER", "postgres");

	private static final String PASSWORD = env("ATOLL_TEST_DB_PASSWORD", "");

	private static final int INSTANCES = 200;

	private final String database = "atoll_it_" + UUID.randomUUID().toString().replace("-", "");

	private final String adminToken = "it-admin-" + UUID.randomUUID();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

	private final List<ServiceProcess> replicas = new ArrayList<>();

	@BeforeEach
	void startTwoControlPlanesOnOneDatabase() throws Exception {
		execute(SERVER, "create database " + this.database);
		Path work = Path.of(System.getProperty("atoll.it.work-dir", "target/it-work"))
			.resolve(UUID.randomUUID().toString());
		String url = SERVER.substring(0, SERVER.lastIndexOf('/') + 1) + this.database;
		for (String name : List.of("control-plane-a", "control-plane-b")) {
			this.replicas.add(ServiceProcess.start(name, Path.of(System.getProperty("atoll.control-plane.jar")), work,
					List.of("--spring.datasource.url=" + url, "--spring.datasource.username=" + USER,
							"--spring.datasource.password=" + PASSWORD,
							"--spring.datasource.hikari.maximum-pool-size=4",
							"--atoll.auth.admin-token=" + this.adminToken)));
		}
		for (ServiceProcess replica : this.replicas) {
			replica.awaitHealthy(Duration.ofSeconds(120));
		}
	}

	@AfterEach
	void stopThemAndDropTheDatabase() throws Exception {
		this.threads.shutdownNow();
		for (ServiceProcess replica : this.replicas) {
			replica.close();
		}
		execute(SERVER, "drop database if exists " + this.database + " with (force)");
	}

	@Test
	void twoHundredInstancesCreatedConcurrentlyThroughBothProcessesArePlacedExactlyOnceAndRunWhereTheyArePlaced()
			throws Exception {
		ServiceProcess a = this.replicas.get(0);
		ServiceProcess b = this.replicas.get(1);
		String join = new ApiClient(a.baseUrl(), this.adminToken).createToken("it-agents", Role.join);
		// Two agents on each replica, each with room for 60 of the 200.
		Map<SimulatedAgent, ServiceProcess> agents = new HashMap<>();
		for (int n = 0; n < 4; n++) {
			ServiceProcess replica = (n % 2 == 0) ? a : b;
			agents.put(SimulatedAgent.register(this.http, replica.baseUrl(), join, "sim-" + n, 60), replica);
		}

		List<Future<ApiClient.Reply>> creations = new ArrayList<>();
		for (int i = 0; i < INSTANCES; i++) {
			ApiClient api = new ApiClient(((i % 2 == 0) ? a : b).baseUrl(), this.adminToken);
			CreateInstanceRequest request = new CreateInstanceRequest("burst-" + i, "demo", "demo", 64);
			creations.add(this.threads.submit(() -> api.createInstance(request)));
		}
		List<UUID> created = new ArrayList<>();
		for (Future<ApiClient.Reply> creation : creations) {
			ApiClient.Reply reply = creation.get();
			assertThat(reply.status()).as(reply.body()).isEqualTo(201);
			created.add(reply.as(InstanceView.class).id());
		}

		// Each agent heartbeats with its own replica until the fleet holds all 200.
		Map<UUID, String> placedOn = new HashMap<>();
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
			placedOn.clear();
			int assigned = 0;
			for (SimulatedAgent agent : agents.keySet()) {
				for (DesiredInstance instance : agent.heartbeat()) {
					assigned++;
					String other = placedOn.put(instance.id(), agent.name());
					assertThat(other).as("%s placed on %s and %s", instance.name(), other, agent.name()).isNull();
				}
			}
			return assigned >= INSTANCES;
		});
		assertThat(placedOn.keySet()).containsExactlyInAnyOrderElementsOf(created);
		assertThat(query("select count(*) from instance_events where reason = 'Scheduled'")).isEqualTo(INSTANCES);
		assertThat(query("select max(boot_count) from instances")).isEqualTo(1);

		// Every agent reports through its replica; both replicas show all of it.
		for (Map.Entry<SimulatedAgent, ServiceProcess> agent : agents.entrySet()) {
			for (DesiredInstance instance : agent.getKey().assigned()) {
				assertThat(agent.getKey().report(instance, "running on " + agent.getKey().name())).isEqualTo(204);
			}
		}
		for (ServiceProcess replica : this.replicas) {
			List<InstanceView> seen = new ApiClient(replica.baseUrl(), this.adminToken).instances();
			assertThat(seen).hasSize(INSTANCES).allSatisfy((instance) -> {
				assertThat(instance.phase()).isEqualTo(Phase.Running);
				assertThat(instance.message()).isEqualTo("running on " + placedOn.get(instance.id()));
			});
		}
		assertThat(this.replicas).allSatisfy((replica) -> assertThat(replica.isAlive()).isTrue());
	}

	private long query(String sql) throws SQLException {
		String url = SERVER.substring(0, SERVER.lastIndexOf('/') + 1) + this.database;
		try (Connection connection = DriverManager.getConnection(url, USER, PASSWORD);
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getLong(1);
		}
	}

	private static void execute(String url, String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(url, USER, PASSWORD);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
