package dev.atoll.agent.controlplane;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

import dev.atoll.api.ApiPaths;
import dev.atoll.agent.controlplane.ControlPlaneClient.NodeCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code GET /api/v1/nodes/{id}/nudges} (an SSE stream) open on its own thread and
 * runs {@code onNudge} for every {@code nudge} event, so the session heartbeats at once
 * when its desired state changed. Best effort: a closed or refused stream is opened again
 * after {@link #RETRY}; missed nudges cost nothing but latency, since heartbeats stay the
 * level-triggered truth.
 */
final class NudgeListener {

	static final Duration RETRY = Duration.ofSeconds(2);

	private static final Logger logger = LoggerFactory.getLogger(NudgeListener.class);

	private final URI controlPlane;

	private final Supplier<Optional<NodeCredentials>> credentials;

	private final Runnable onNudge;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private volatile Thread thread;

	NudgeListener(URI controlPlane, Supplier<Optional<NodeCredentials>> credentials, Runnable onNudge) {
		this.controlPlane = controlPlane;
		this.credentials = credentials;
		this.onNudge = onNudge;
	}

	void start() {
		this.thread = Thread.ofPlatform().name("atoll-nudges").daemon().start(this::run);
	}

	void stop() {
		Thread current = this.thread;
		this.thread = null;
		if (current != null) {
			current.interrupt();
		}
	}

	private void run() {
		while (this.thread != null) {
			Optional<NodeCredentials> node = this.credentials.get();
			if (node.isPresent()) {
				listen(node.get());
			}
			try {
				Thread.sleep(RETRY);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	/** Until the stream ends: one nudge per {@code event: nudge} line. */
	private void listen(NodeCredentials node) {
		URI uri = URI.create(this.controlPlane.toString().replaceAll("/+$", "")
				+ ApiPaths.NODE_NUDGES.replace("{nodeId}", node.nodeId().toString()));
		HttpRequest request = HttpRequest.newBuilder(uri)
			.header(ApiPaths.AUTHORIZATION, node.authorization())
			.header("Accept", "text/event-stream")
			.GET()
			.build();
		try {
			HttpResponse<Stream<String>> response = this.http.send(request, HttpResponse.BodyHandlers.ofLines());
			try (Stream<String> lines = response.body()) {
				if (response.statusCode() != 200) {
					logger.debug("nudge stream refused: HTTP {}", response.statusCode());
					return;
				}
				lines.filter((line) -> line.startsWith("event:") && line.substring(6).strip().equals("nudge"))
					.forEach((line) -> this.onNudge.run());
			}
		}
		catch (IOException ex) {
			logger.debug("nudge stream closed: {}", ex.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
