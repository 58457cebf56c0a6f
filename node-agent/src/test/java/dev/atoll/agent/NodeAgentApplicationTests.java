package dev.atoll.agent;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent starts and is healthy without a control plane (it keeps retrying). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "atoll.agent.control-plane-url=http://127.0.0.1:9", "atoll.agent.node-name=test-node" })
class NodeAgentApplicationTests {

	@LocalServerPort
	int port;

	@Test
	void servesHealthAndPrometheusMetrics() throws Exception {
		HttpClient http = HttpClient.newHttpClient();

		HttpResponse<String> health = http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/health")).build(),
				HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> metrics = http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/prometheus")).build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"UP\"");
		assertThat(metrics.statusCode()).isEqualTo(200);
		HttpResponse<String> own = http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/metrics")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(own.statusCode()).isEqualTo(200);
		assertThat(own.body()).contains("atoll_node_instances 0");
	}

}
