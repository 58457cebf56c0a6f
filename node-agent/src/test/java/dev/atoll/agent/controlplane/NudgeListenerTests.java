package dev.atoll.agent.controlplane;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import dev.atoll.agent.controlplane.ControlPlaneClient.NodeCredentials;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The nudge stream over real HTTP: SSE events in, one callback per nudge. */
class NudgeListenerTests {

	@Test
	void everyNudgeEventOfTheStreamRunsTheCallbackWithTheNodeToken() throws IOException {
		UUID nodeId = UUID.randomUUID();
		CopyOnWriteArrayList<String> requests = new CopyOnWriteArrayList<>();
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/", (exchange) -> {
			requests
				.add(exchange.getRequestURI().getPath() + " " + exchange.getRequestHeaders().getFirst("Authorization"));
			byte[] body = "event:nudge\ndata:0\n\n:keep-alive\n\nevent: nudge\ndata:7\n\n"
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		server.start();
		AtomicInteger nudges = new AtomicInteger();
		NudgeListener listener = new NudgeListener(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
				() -> Optional.of(new NodeCredentials(nodeId, "node-secret")), nudges::incrementAndGet);
		try {
			listener.start();
			await().atMost(Duration.ofSeconds(5)).until(() -> nudges.get() >= 2);
			assertThat(requests.getFirst()).isEqualTo("/api/v1/nodes/" + nodeId + "/nudges Bearer node-secret");
		}
		finally {
			listener.stop();
			server.stop(0);
		}
	}

}
