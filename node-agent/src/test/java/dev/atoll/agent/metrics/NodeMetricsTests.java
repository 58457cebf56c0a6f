package dev.atoll.agent.metrics;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.atoll.agent.backend.FakeBackend;
import dev.atoll.agent.console.FrameCounters;
import dev.atoll.agent.console.FrameDecoder;
import dev.atoll.agent.reconcile.Reconciler;
import dev.atoll.api.DesiredInstance;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import static dev.atoll.agent.console.FrameEncoder.frame;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's {@code /metrics} over HTTP, with consoles fed by a fake backend: decoder
 * counters per instance, corrupt bytes counted against the instance they came from and
 * never attributed to a task, per-task series from the last telemetry record.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "atoll.agent.control-plane-url=http://127.0.0.1:9", "atoll.agent.node-name=metrics-node" })
class NodeMetricsTests {

	private static final String RECORD = "atoll-telemetry 1 seq=%d uptime_ms=10\n"
			+ "task name=%2$s kind=service state=running prio=100 mem_used=%3$d mem_budget=65536\n"
			+ "endpoint name=%2$s server=%2$s clients=root messages=%3$d\n";

	@LocalServerPort
	int port;

	@Autowired
	Reconciler reconciler;

	@Autowired
	FakeBackend backend;

	@Test
	void corruptConsoleBytesAreCountedForTheirInstanceAndNeverMisattributed() throws Exception {
		DesiredInstance noisy = new DesiredInstance(UUID.randomUUID(), "noisy", "demo", "demo", 128, 1);
		DesiredInstance clean = new DesiredInstance(UUID.randomUUID(), "clean", "demo", "demo", 128, 1);
		this.reconciler.reconcile(List.of(noisy, clean));
		ByteArrayOutputStream noisyBytes = new ByteArrayOutputStream();
		noisyBytes.writeBytes(frame(1, RECORD.formatted(1, "alpha", 4096)));
		noisyBytes.writeBytes(new byte[] { 1, 2, 3, 0x7f, (byte) 0xff });
		byte[] damaged = frame(1, RECORD.formatted(2, "stolen", 666));
		damaged[12] ^= 0x20;
		noisyBytes.writeBytes(damaged);
		noisyBytes.writeBytes(new byte[] { (byte) 0xA5, 0x5A, 9, 1, 4, 0 });
		noisyBytes.writeBytes("kernel says hello\n".getBytes(StandardCharsets.US_ASCII));
		noisyBytes.writeBytes(frame(1, RECORD.formatted(3, "alpha", 8192)));
		this.backend.console(noisy.id(), noisyBytes.toByteArray());
		this.backend.console(clean.id(), frame(1, RECORD.formatted(1, "beta", 2048)));
		this.reconciler.reconcile(List.of(noisy, clean));
		FrameCounters expected = reference(noisyBytes.toByteArray());
		assertThat(expected.corrupt()).isEqualTo(2);
		assertThat(expected.noise()).isPositive();

		HttpResponse<String> response = get("/metrics");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/plain").contains("version=0.0.4"));
		String metrics = response.body();
		assertThat(value(metrics, "atoll_instance_console_frames_total", noisy.id())).isEqualTo(expected.frames());
		assertThat(value(metrics, "atoll_instance_console_corrupt_frames_total", noisy.id()))
			.isEqualTo(expected.corrupt());
		assertThat(value(metrics, "atoll_instance_console_noise_bytes_total", noisy.id())).isEqualTo(expected.noise());
		assertThat(value(metrics, "atoll_instance_telemetry_records_total", noisy.id())).isEqualTo(2);
		assertThat(value(metrics, "atoll_instance_telemetry_seq", noisy.id())).isEqualTo(3);
		assertThat(value(metrics, "atoll_instance_console_frames_total", clean.id())).isEqualTo(1);
		assertThat(value(metrics, "atoll_instance_console_corrupt_frames_total", clean.id())).isZero();
		assertThat(value(metrics, "atoll_instance_console_noise_bytes_total", clean.id())).isZero();
		assertThat(value(metrics, "atoll_task_memory_used_bytes", noisy.id(), "task=\"alpha\"")).isEqualTo(8192);
		assertThat(value(metrics, "atoll_task_memory_used_bytes", clean.id(), "task=\"beta\"")).isEqualTo(2048);
		assertThat(value(metrics, "atoll_task_memory_budget_bytes", clean.id(), "task=\"beta\"")).isEqualTo(65536);
		assertThat(value(metrics, "atoll_task_state", clean.id(), "state=\"running\"")).isEqualTo(1);
		assertThat(value(metrics, "atoll_endpoint_messages_total", noisy.id(), "endpoint=\"alpha\"")).isEqualTo(8192);
		assertThat(value(metrics, "atoll_endpoint_messages_total", clean.id(), "server=\"beta\"")).isEqualTo(2048);
		assertThat(series(metrics, "atoll_endpoint_messages_total", clean.id())).hasSize(1);
		assertThat(metrics).as("the damaged frame's task").doesNotContain("stolen");
		assertThat(series(metrics, "atoll_task_memory_used_bytes", noisy.id())).hasSize(1);
		assertThat(series(metrics, "atoll_task_memory_used_bytes", clean.id())).hasSize(1);
		assertThat(value(metrics, "atoll_instance_phase", noisy.id(), "phase=\"Running\"")).isEqualTo(1);
		assertThat(value(metrics, "atoll_node_instances", null)).isEqualTo(2);
		assertThat(get("/actuator/prometheus").body()).contains("atoll_instance_console_corrupt_frames_total");

		this.reconciler.reconcile(List.of(clean));
		this.reconciler.statuses()
			.forEach((update) -> this.reconciler.reported(update.instanceId(), update.revision()));

		String after = get("/metrics").body();
		assertThat(after).as("series of a forgotten instance").doesNotContain(noisy.id().toString());
		assertThat(value(after, "atoll_instance_console_frames_total", clean.id())).isEqualTo(1);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
	}

	private static List<String> series(String metrics, String name, UUID instance) {
		return metrics.lines()
			.filter((line) -> line.startsWith(name + "{"))
			.filter((line) -> line.contains("instance=\"" + instance + "\""))
			.toList();
	}

	private static double value(String metrics, String name, UUID instance) {
		return value(metrics, name, instance, "");
	}

	private static double value(String metrics, String name, UUID instance, String label) {
		Optional<String> line = metrics.lines()
			.filter((candidate) -> candidate.startsWith(name + "{") || candidate.startsWith(name + " "))
			.filter((candidate) -> instance == null || candidate.contains("instance=\"" + instance + "\""))
			.filter((candidate) -> candidate.contains(label))
			.findFirst();
		assertThat(line).as("%s of %s %s in%n%s", name, instance, label, metrics).isPresent();
		String text = line.get();
		return Double.parseDouble(text.substring(text.lastIndexOf(' ') + 1));
	}

	private static FrameCounters reference(byte[] bytes) {
		FrameDecoder decoder = new FrameDecoder(new FrameDecoder.Listener() {

			@Override
			public void frame(int channel, byte[] payload) {
			}

			@Override
			public void kernelLine(String text) {
			}

		});
		decoder.feed(bytes);
		return decoder.counters();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class FakeBackendConfiguration {

		@Bean
		@Primary
		FakeBackend fakeBackend() {
			return new FakeBackend();
		}

	}

}
