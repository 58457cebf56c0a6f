package dev.atoll.controlplane.instances;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.atoll.api.ApiPaths;
import dev.atoll.api.InstanceView;
import dev.atoll.api.NodeRegistration;
import dev.atoll.api.Role;
import dev.atoll.controlplane.ApiTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console relayed through the control plane from the agent at the node's registered
 * address. The agent here is a small HTTP server speaking the agent's console protocol
 * (plain text lines, 404 for an instance it has no console of); the agent's own stream is
 * tested in the node agent's ConsoleStreamTests.
 */
class ConsoleRelayApiTests extends ApiTest {

	private HttpServer agent;

	/** The query strings the agent received. */
	private final List<String> queries = new CopyOnWriteArrayList<>();

	/** Lines the agent sends a follower after its history; "END" ends the stream. */
	private final BlockingQueue<String> followed = new LinkedBlockingQueue<>();

	/** The lines the agent has before any follower. */
	private volatile String history = "boot line 1\nboot line 2\n";

	/** False: the agent has no console of any instance (not started yet, stopped). */
	private volatile boolean runsConsoles = true;

	@BeforeEach
	void startAgent() throws IOException {
		this.agent = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.agent.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
		this.agent.createContext("/api/v1/instances/", this::console);
		this.agent.start();
	}

	@AfterEach
	void stopAgent() {
		this.followed.add("END");
		this.agent.stop(0);
	}

	private void console(HttpExchange exchange) throws IOException {
		String query = exchange.getRequestURI().getRawQuery();
		this.queries.add(query);
		if (!this.runsConsoles || !exchange.getRequestURI().getPath().endsWith("/console")) {
			exchange.sendResponseHeaders(404, -1);
			exchange.close();
			return;
		}
		exchange.getResponseHeaders().set("Content-Type", "text/plain;charset=UTF-8");
		exchange.sendResponseHeaders(200, 0);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(this.history.getBytes(StandardCharsets.UTF_8));
			out.flush();
			if (query.contains("follow=true")) {
				for (;;) {
					String line = this.followed.poll(20, TimeUnit.SECONDS);
					if (line == null || line.equals("END")) {
						break;
					}
					out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
					out.flush();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private InstanceView placedOnAgent(String agentOrigin) {
		registerNode(new NodeRegistration("host-a", "aarch64", 1024, 2, Map.of("backend", "qemu"),
				agentOrigin + "/metrics"));
		return awaitPlaced(createInstance("web-1", null).id());
	}

	private String agentOrigin() {
		return "http://127.0.0.1:" + this.agent.getAddress().getPort();
	}

	@Test
	void theConsoleOfAPlacedInstanceComesFromItsNodesAgent() {
		InstanceView placed = placedOnAgent(agentOrigin());

		String text = this.web.get()
			.uri(ApiPaths.INSTANCE_CONSOLE + "?source=console-3&lines=20", placed.id())
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_PLAIN)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(text).isEqualTo("boot line 1\nboot line 2\n");
		assertThat(this.queries).containsExactly("source=console-3&lines=20&follow=false");
	}

	@Test
	void withoutParametersTheSystemSourcesLastHundredLinesAreAsked() {
		InstanceView placed = placedOnAgent(agentOrigin());

		textOf(ApiPaths.INSTANCE_CONSOLE, placed.id());

		assertThat(this.queries).containsExactly("source=system&lines=100&follow=false");
	}

	@Test
	void aFollowedConsoleStreamsEachLineAsTheAgentSendsIt() {
		InstanceView placed = placedOnAgent(agentOrigin());
		String viewer = createToken("watcher", Role.viewer).secret();

		Flux<String> lines = as(viewer).get()
			.uri(ApiPaths.INSTANCE_CONSOLE + "?follow=true", placed.id())
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseBody();

		StepVerifier.create(lines.flatMapIterable((chunk) -> List.of(chunk.split("\n"))))
			.expectNext("boot line 1", "boot line 2")
			.then(() -> this.followed.add("[system] live 1"))
			.expectNext("[system] live 1")
			.then(() -> this.followed.add("[system] live 2"))
			.expectNext("[system] live 2")
			.then(() -> this.followed.add("END"))
			.expectComplete()
			.verify(Duration.ofSeconds(20));
	}

	@Test
	void aFollowedConsoleWithoutLinesYetAnswersAtOnce() {
		InstanceView placed = placedOnAgent(agentOrigin());
		this.history = "";

		Flux<String> lines = this.web.mutate()
			.responseTimeout(Duration.ofSeconds(5))
			.build()
			.get()
			.uri(ApiPaths.INSTANCE_CONSOLE + "?follow=true&lines=0", placed.id())
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseBody();

		StepVerifier.create(lines.filter((line) -> !line.isEmpty()))
			.then(() -> this.followed.add("[system] first"))
			.expectNext("[system] first")
			.then(() -> this.followed.add("END"))
			.expectComplete()
			.verify(Duration.ofSeconds(20));
	}

	@Test
	void badParametersAreNamedAndTheAgentIsNotAsked() {
		InstanceView placed = placedOnAgent(agentOrigin());

		expectProblem(this.web.get()
			.uri(ApiPaths.INSTANCE_CONSOLE + "?source=console-1&lines=10001&follow=maybe", placed.id())
			.exchange(), 400).jsonPath("$.errors[*].field")
			.value((List<String> fields) -> assertThat(fields).containsExactly("source", "lines", "follow"));
		expectProblem(this.web.get().uri(ApiPaths.INSTANCE_CONSOLE + "?lines=ten", placed.id()).exchange(), 400);

		assertThat(this.queries).isEmpty();
	}

	@Test
	void anUnknownInstanceIsNotFound() {
		expectProblem(this.web.get().uri(ApiPaths.INSTANCE_CONSOLE, "7f1c0a4e-0000-4000-8000-000000000001").exchange(),
				404);
		expectProblem(this.web.get().uri(ApiPaths.INSTANCE_CONSOLE, "not-a-uuid").exchange(), 400);
	}

	@Test
	void anInstanceOnNoNodeIsAConflict() {
		InstanceView pending = createInstance("web-1", null);

		expectProblem(this.web.get().uri(ApiPaths.INSTANCE_CONSOLE, pending.id()).exchange(), 409).jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("runs on no node"));
	}

	@Test
	void anUnreachableAgentIsABadGatewayNamingTheNode() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		InstanceView placed = placedOnAgent("http://127.0.0.1:" + closedPort);

		expectProblem(this.web.get().uri(ApiPaths.INSTANCE_CONSOLE, placed.id()).exchange(), 502).jsonPath("$.detail")
			.value((String detail) -> assertThat(detail)
				.startsWith("the agent of node host-a at 127.0.0.1:" + closedPort + " is unreachable"));
	}

	@Test
	void anAgentWithoutTheInstancesConsoleAnswersNotFound() {
		InstanceView placed = placedOnAgent(agentOrigin());
		this.runsConsoles = false;

		expectProblem(this.web.get().uri(ApiPaths.INSTANCE_CONSOLE, placed.id()).exchange(), 404).jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("has no console of instance web-1"));
	}

	@Test
	void aNodeWithoutAnAgentAddressIsAConflict() {
		registerNode(new NodeRegistration("host-a", "aarch64", 1024, 2, Map.of("backend", "qemu"), ""));
		InstanceView placed = awaitPlaced(createInstance("web-1", null).id());

		expectProblem(this.web.get().uri(ApiPaths.INSTANCE_CONSOLE, placed.id()).exchange(), 409).jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("registered no agent address"));
	}

	@Test
	void withoutATokenTheConsoleIsRefused() {
		InstanceView placed = placedOnAgent(agentOrigin());

		expectProblem(this.anonymous.get().uri(ApiPaths.INSTANCE_CONSOLE, placed.id()).exchange(), 401);
		expectProblem(as(createToken("joiner", Role.join).secret()).get()
			.uri(ApiPaths.INSTANCE_CONSOLE, placed.id())
			.exchange(), 403);
		assertThat(this.queries).isEmpty();
	}

}
