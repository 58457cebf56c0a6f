package dev.atoll.agent.controlplane;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.atoll.api.DesiredInstance;
import dev.atoll.api.InstanceReport;
import dev.atoll.api.NodeAssignments;
import dev.atoll.api.NodeHeartbeat;
import dev.atoll.api.NodeRegistered;
import dev.atoll.api.NodeRegistration;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for the control plane's node API over real HTTP and JSON: enough to test the
 * agent's session (registration, heartbeats, status reports, forgetting nodes, going down
 * and coming back on the same port).
 */
final class FakeControlPlane implements AutoCloseable {

	private static final Pattern HEARTBEAT = Pattern.compile("/api/v1/nodes/([^/]+)/heartbeat");

	private static final Pattern STATUS = Pattern.compile("/api/v1/nodes/([^/]+)/instances/([^/]+)/status");

	private final JsonMapper json = JsonMapper.builder().build();

	final List<NodeRegistration> registrations = new CopyOnWriteArrayList<>();

	final List<NodeHeartbeat> heartbeats = new CopyOnWriteArrayList<>();

	final List<Report> reports = new CopyOnWriteArrayList<>();

	final Map<UUID, String> tokens = new ConcurrentHashMap<>();

	/** The join token registration requires, as the real control plane does. */
	static final String JOIN_TOKEN = "join-secret";

	volatile List<DesiredInstance> assignments = List.of();

	private final int port;

	private HttpServer server;

	FakeControlPlane() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.port = this.server.getAddress().getPort();
		serve();
	}

	String url() {
		return "http://127.0.0.1:" + this.port;
	}

	/** Goes down: connections are refused. */
	void down() {
		this.server.stop(0);
	}

	/** Comes back on the same port. */
	void up() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 0);
		serve();
	}

	/** Forgets every node, as a control plane that lost its database would. */
	void forgetNodes() {
		this.tokens.clear();
	}

	List<Report> reportsOf(UUID instanceId) {
		List<Report> of = new ArrayList<>();
		for (Report report : this.reports) {
			if (report.instanceId().equals(instanceId)) {
				of.add(report);
			}
		}
		return Collections.unmodifiableList(of);
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private void serve() {
		this.server.createContext("/api/v1/nodes", this::handle);
		this.server.start();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getPath();
			String method = exchange.getRequestMethod();
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readAllBytes();
			}
			if (method.equals("POST") && path.equals("/api/v1/nodes")) {
				if (!("Bearer " + JOIN_TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
					exchange.sendResponseHeaders(401, -1);
					return;
				}
				this.registrations.add(this.json.readValue(body, NodeRegistration.class));
				UUID nodeId = UUID.randomUUID();
				String token = "token-" + nodeId;
				this.tokens.put(nodeId, token);
				respond(exchange, 201, new NodeRegistered(nodeId, token, 100));
				return;
			}
			Matcher heartbeat = HEARTBEAT.matcher(path);
			if (method.equals("PUT") && heartbeat.matches()) {
				if (!authorized(exchange, heartbeat.group(1))) {
					return;
				}
				this.heartbeats.add(this.json.readValue(body, NodeHeartbeat.class));
				respond(exchange, 200, new NodeAssignments(this.assignments, 100));
				return;
			}
			Matcher status = STATUS.matcher(path);
			if (method.equals("PUT") && status.matches()) {
				if (!authorized(exchange, status.group(1))) {
					return;
				}
				this.reports
					.add(new Report(UUID.fromString(status.group(2)), this.json.readValue(body, InstanceReport.class)));
				exchange.sendResponseHeaders(204, -1);
				return;
			}
			exchange.sendResponseHeaders(405, -1);
		}
	}

	private boolean authorized(HttpExchange exchange, String nodeId) throws IOException {
		String token = this.tokens.get(UUID.fromString(nodeId));
		if (token == null) {
			exchange.sendResponseHeaders(404, -1);
			return false;
		}
		if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
			exchange.sendResponseHeaders(401, -1);
			return false;
		}
		return true;
	}

	private void respond(HttpExchange exchange, int status, Object body) throws IOException {
		byte[] bytes = this.json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	record Report(UUID instanceId, InstanceReport report) {
	}

}
