package dev.atoll.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.DesiredInstance;
import dev.atoll.api.InstanceReport;
import dev.atoll.api.NodeAssignments;
import dev.atoll.api.NodeHeartbeat;
import dev.atoll.api.NodeRegistered;
import dev.atoll.api.NodeRegistration;
import dev.atoll.api.Phase;
import dev.atoll.api.TaskReport;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A node agent without QEMU: it speaks the real agent protocol over HTTP (registers with
 * a join token, heartbeats with what it runs, reports each instance's status and tasks
 * with its node token) and "runs" every instance the control plane assigns to it. For
 * tests and the fleet benchmark, where hundreds of nodes must fit on one host.
 */
final class SimulatedAgent {

	static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	/**
	 * The tasks every simulated instance reports, as the demo system's root task would.
	 */
	private static final List<TaskReport> TASKS = List.of(new TaskReport("root", "root", "running", 255, 1 << 20, 0),
			new TaskReport("uart", "service", "blocked", 200, 64 << 10, 1 << 20),
			new TaskReport("fs", "service", "blocked", 150, 256 << 10, 1 << 20),
			new TaskReport("linux", "personality", "running", 100, 8 << 20, 16 << 20));

	private static final List<String> CONSOLE = List.of("atoll: root task up", "linux: hello from the personality");

	private final HttpClient http;

	private final String baseUrl;

	private final String name;

	private final UUID nodeId;

	private final String nodeToken;

	/** What the last heartbeat answered: the node's full desired state. */
	private final AtomicReference<List<DesiredInstance>> assigned = new AtomicReference<>(List.of());

	private SimulatedAgent(HttpClient http, String baseUrl, String name, NodeRegistered registered) {
		this.http = http;
		this.baseUrl = baseUrl;
		this.name = name;
		this.nodeId = registered.nodeId();
		this.nodeToken = registered.nodeToken();
	}

	/**
	 * Registers node {@code name} with {@code slots} instance slots of 64 MB each.
	 * @throws IllegalStateException when the control plane refuses
	 */
	static SimulatedAgent register(HttpClient http, String baseUrl, String joinToken, String name, int slots) {
		NodeRegistration registration = new NodeRegistration(name, "aarch64", slots * 64, slots,
				Map.of("backend", "qemu", "simulated", "true"), "");
		HttpResponse<String> reply = send(http,
				request(baseUrl + ApiPaths.NODES, joinToken).POST(body(registration)).build());
		if (reply.statusCode() != 201) {
			throw new IllegalStateException(
					"registering " + name + " answered " + reply.statusCode() + ": " + reply.body());
		}
		return new SimulatedAgent(http, baseUrl, name, JSON.readValue(reply.body(), NodeRegistered.class));
	}

	UUID nodeId() {
		return this.nodeId;
	}

	String name() {
		return this.name;
	}

	/** The instances the last heartbeat assigned to this node. */
	List<DesiredInstance> assigned() {
		return this.assigned.get();
	}

	/**
	 * One heartbeat, saying it runs everything it was assigned; remembers the answer.
	 * @return the node's desired state
	 * @throws IllegalStateException on any answer but 200
	 */
	List<DesiredInstance> heartbeat() {
		NodeHeartbeat heartbeat = new NodeHeartbeat(assigned().stream().map(DesiredInstance::id).toList());
		HttpResponse<String> reply = send(this.http,
				request(path(ApiPaths.NODE_HEARTBEAT), this.nodeToken).PUT(body(heartbeat)).build());
		if (reply.statusCode() != 200) {
			throw new IllegalStateException(
					"heartbeat of " + this.name + " answered " + reply.statusCode() + ": " + reply.body());
		}
		List<DesiredInstance> instances = JSON.readValue(reply.body(), NodeAssignments.class).instances();
		this.assigned.set(instances);
		return instances;
	}

	/**
	 * Reports the instance Running with {@code message}, its console and tasks.
	 * @return the HTTP status (204 when stored)
	 */
	int report(DesiredInstance instance, String message) {
		InstanceReport report = new InstanceReport(Phase.Running, message, CONSOLE, TASKS, Instant.now(),
				instance.generation());
		String uri = path(ApiPaths.NODE_INSTANCE_STATUS).replace("{instanceId}", instance.id().toString());
		return send(this.http, request(uri, this.nodeToken).PUT(body(report)).build()).statusCode();
	}

	private String path(String template) {
		return this.baseUrl + template.replace("{nodeId}", this.nodeId.toString());
	}

	private static HttpRequest.Builder request(String uri, String token) {
		return HttpRequest.newBuilder(URI.create(uri))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.header(ApiPaths.AUTHORIZATION, "Bearer " + token);
	}

	private static HttpRequest.BodyPublisher body(Object value) {
		return HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(value));
	}

	private static HttpResponse<String> send(HttpClient http, HttpRequest request) {
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(request.method() + " " + request.uri() + " interrupted", ex);
		}
	}

}
