package dev.atoll.controlplane;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.CreateInstanceRequest;
import dev.atoll.api.CreateTokenRequest;
import dev.atoll.api.InstanceEvent;
import dev.atoll.api.InstanceReport;
import dev.atoll.api.InstanceView;
import dev.atoll.api.NodeAdminChange;
import dev.atoll.api.NodeAdminState;
import dev.atoll.api.NodeAssignments;
import dev.atoll.api.NodeHeartbeat;
import dev.atoll.api.NodeRegistered;
import dev.atoll.api.NodeRegistration;
import dev.atoll.api.NodeView;
import dev.atoll.api.Role;
import dev.atoll.api.TokenCreated;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Base of the API tests: the whole application on a random port, talking HTTP, backed by
 * a fresh database on a real PostgreSQL server. Every test starts from empty tables.
 * {@link #web} calls as an admin (the token the application is configured with);
 * {@link #anonymous} sends no credential, {@link #as(String)} another one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "atoll.auth.admin-token=" + ApiTest.ADMIN_TOKEN)
@AutoConfigureWebTestClient
@ContextConfiguration(initializers = FreshDatabase.class)
public abstract class ApiTest {

	protected static final String ADMIN_TOKEN = "api-test-admin-token-4f1c2e";

	/** Sends the admin token. */
	protected WebTestClient web;

	/** Sends no credential. */
	protected WebTestClient anonymous;

	@Autowired
	protected JdbcClient sql;

	@LocalServerPort
	private int port;

	@Autowired
	void clients(WebTestClient client) {
		// A loaded test machine can take longer than the default 5 s for one answer.
		this.anonymous = client.mutate().responseTimeout(Duration.ofSeconds(30)).build();
		this.web = as(ADMIN_TOKEN);
	}

	@BeforeEach
	void startFromEmptyTables() {
		// Tables in the order the background passes lock them (a rollout step or a lease
		// pass before the instances it changes, an instance before its events, the log
		// at commit), so that the truncate waits for a pass instead of deadlocking with
		// it.
		this.sql
			.sql("truncate rollouts, rollout_targets, leases, idempotency_keys, exec_requests, instances, instance_events,"
					+ " instance_samples, nodes, system_revisions, systems, images, api_tokens, audit_log, watch_events,"
					+ " scheduler_watch")
			.update();
	}

	/** A client that sends {@code Authorization: Bearer <token>}. */
	protected WebTestClient as(String token) {
		return this.anonymous.mutate().defaultHeader(ApiPaths.AUTHORIZATION, "Bearer " + token).build();
	}

	protected NodeRegistered registerNode(String name, int memoryMb, int slots) {
		return registerNode(new NodeRegistration(name, "aarch64", memoryMb, slots, Map.of("backend", "qemu"),
				"http://127.0.0.1:9100/metrics"));
	}

	protected NodeRegistered registerNode(NodeRegistration registration) {
		return this.web.post()
			.uri(ApiPaths.NODES)
			.bodyValue(registration)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(NodeRegistered.class)
			.returnResult()
			.getResponseBody();
	}

	protected NodeAssignments heartbeat(NodeRegistered node, UUID... running) {
		return this.web.put()
			.uri(ApiPaths.NODE_HEARTBEAT, node.nodeId())
			.header(ApiPaths.AUTHORIZATION, "Bearer " + node.nodeToken())
			.bodyValue(new NodeHeartbeat(List.of(running)))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(NodeAssignments.class)
			.returnResult()
			.getResponseBody();
	}

	protected WebTestClient.ResponseSpec report(NodeRegistered node, UUID instanceId, InstanceReport report) {
		return this.web.put()
			.uri(ApiPaths.NODE_INSTANCE_STATUS, node.nodeId(), instanceId)
			.header(ApiPaths.AUTHORIZATION, "Bearer " + node.nodeToken())
			.bodyValue(report)
			.exchange();
	}

	/** The body of a GET that must answer 200, as text. */
	protected String textOf(String uri, Object... variables) {
		return this.web.get()
			.uri(uri, variables)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	/** Creates an API token as admin. */
	protected TokenCreated createToken(String name, Role role) {
		return this.web.post()
			.uri(ApiPaths.TOKENS)
			.bodyValue(new CreateTokenRequest(name, role))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(TokenCreated.class)
			.returnResult()
			.getResponseBody();
	}

	protected InstanceView createInstance(String name, Integer memoryMb) {
		return createInstance(new CreateInstanceRequest(name, "linux", "default", memoryMb));
	}

	protected InstanceView createInstance(CreateInstanceRequest request) {
		return this.web.post()
			.uri(ApiPaths.INSTANCES)
			.bodyValue(request)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(InstanceView.class)
			.returnResult()
			.getResponseBody();
	}

	/** The instance's events, oldest first. */
	protected List<InstanceEvent> events(UUID id) {
		return this.web.get()
			.uri(ApiPaths.INSTANCE_EVENTS, id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<List<InstanceEvent>>() {
			})
			.returnResult()
			.getResponseBody();
	}

	protected InstanceView instance(UUID id) {
		return read(ApiPaths.INSTANCE, id, InstanceView.class);
	}

	protected NodeView node(UUID id) {
		return read(ApiPaths.NODE, id, NodeView.class);
	}

	/** GETs the resource at {@code path} with its id, expecting 200. */
	protected <T> T read(String path, Object id, Class<T> type) {
		return this.web.get()
			.uri(path, id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(type)
			.returnResult()
			.getResponseBody();
	}

	protected HttpStatus statusOf(UUID id) {
		return HttpStatus.valueOf(
				this.web.get().uri(ApiPaths.INSTANCE, id).exchange().returnResult(String.class).getStatus().value());
	}

	/** Waits for the scheduler to place the instance. */
	protected InstanceView awaitPlaced(UUID id) {
		return await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> instance(id), (view) -> view.nodeId() != null);
	}

	/**
	 * The absolute URI of a {@code Link: <...>; rel="next"} target, which is already
	 * percent-encoded and so must not be expanded as a template; null without a header.
	 */
	protected URI nextPage(String linkHeader) {
		if (linkHeader == null) {
			return null;
		}
		Matcher next = Pattern.compile("<([^>]+)>; rel=\"next\"").matcher(linkHeader);
		assertThat(next.find()).as(linkHeader).isTrue();
		return URI.create("http://127.0.0.1:" + this.port + next.group(1));
	}

	/** Expects an {@code application/problem+json} response with that status. */
	protected static WebTestClient.BodyContentSpec expectProblem(WebTestClient.ResponseSpec response, int status) {
		return response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(status);
	}

	/** Sets a node's admin state as an operator does. */
	protected NodeView changeAdminState(UUID nodeId, NodeAdminState state) {
		return this.web.put()
			.uri(ApiPaths.NODE_ADMIN_STATE, nodeId)
			.bodyValue(new NodeAdminChange(state))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(NodeView.class)
			.returnResult()
			.getResponseBody();
	}

	/** Makes a node look silent for an hour: offline. */
	protected void silence(NodeRegistered node) {
		silenceFor(node, 3600);
	}

	/** Moves the node's last heartbeat the given number of seconds into the past. */
	protected void silenceFor(NodeRegistered node, int seconds) {
		this.sql.sql("update nodes set last_heartbeat = now() - make_interval(secs => :seconds) where id = :id")
			.param("seconds", seconds)
			.param("id", node.nodeId())
			.update();
	}

}
