package dev.atoll.agent.consolestream;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.atoll.agent.backend.FakeBackend;
import dev.atoll.agent.reconcile.Reconciler;
import dev.atoll.api.DesiredInstance;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.atoll.agent.console.FrameEncoder.frame;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole agent over HTTP, consoles fed by a fake backend: per-source logs rotated by
 * size with a bounded count, the last lines of a source on demand, and a followed stream
 * that gets new lines live and ends with the console.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "atoll.agent.control-plane-url=http://127.0.0.1:9", "atoll.agent.node-name=console-node",
				"atoll.agent.console-log-size=200B", "atoll.agent.console-log-files=2",
				"logging.level.org.springframework.web=DEBUG" })
class ConsoleStreamTests {

	private static final Path WORK = workDir();

	@LocalServerPort
	int port;

	@Autowired
	Reconciler reconciler;

	@Autowired
	FakeBackend backend;

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@DynamicPropertySource
	static void workDirectory(DynamicPropertyRegistry registry) {
		registry.add("atoll.agent.work-dir", WORK::toString);
	}

	@Test
	void logsEverySourceApartRotatedBySizeWithABoundedCount() throws Exception {
		DesiredInstance instance = start("logs");
		for (int n = 1; n <= 40; n++) {
			this.backend.console(instance.id(), frame(0, "system line " + n + "\n"));
		}
		this.backend.console(instance.id(), frame(2, "output of the task on channel 2\n"));
		this.backend.console(instance.id(), "kernel text\n".getBytes());

		Path logs = WORK.resolve(instance.id().toString()).resolve("logs");
		try (Stream<Path> files = Files.list(logs)) {
			assertThat(files.map((file) -> file.getFileName().toString())).containsExactlyInAnyOrder("system.log",
					"system.log.1", "system.log.2", "console-2.log", "kernel.log");
		}
		assertThat(Files.size(logs.resolve("system.log.1"))).isLessThanOrEqualTo(200);
		assertThat(logs.resolve("console-2.log")).content().isEqualTo("output of the task on channel 2\n");
		assertThat(logs.resolve("kernel.log")).content().isEqualTo("kernel text\n");
		HttpResponse<String> last = get(instance.id(), "source=system&lines=3");
		assertThat(last.statusCode()).isEqualTo(200);
		assertThat(last.body().lines()).containsExactly("system line 38", "system line 39", "system line 40");
		assertThat(get(instance.id(), "source=system&lines=12").body().lines()).as("across rotations")
			.hasSize(12)
			.endsWith("system line 40");
	}

	@Test
	void followedStreamDeliversNewLinesOfItsSourceLiveAndEndsWithTheConsole() throws Exception {
		DesiredInstance instance = start("follow");
		this.backend.console(instance.id(), frame(0, "before\n"));
		CompletableFuture<HttpResponse<Stream<String>>> response = this.http.sendAsync(
				request(instance.id(), "source=system&lines=1&follow=true"), HttpResponse.BodyHandlers.ofLines());
		Iterator<String> lines = response.get(10, TimeUnit.SECONDS).body().iterator();
		assertThat(lines.next()).isEqualTo("before");

		this.backend.console(instance.id(), frame(2, "not this source\n"));
		this.backend.console(instance.id(), frame(0, "live\n"));
		assertThat(lines.next()).isEqualTo("[system] live");
		this.backend.crash(instance.id(), 137);

		assertThat(lines.hasNext()).as("the stream ends with the console").isFalse();
	}

	@Test
	void unknownInstancesAndBadArgumentsAreProblems() throws Exception {
		DesiredInstance instance = start("bad");

		HttpResponse<String> unknown = get(UUID.randomUUID(), "source=system");
		HttpResponse<String> badSource = get(instance.id(), "source=../../etc/passwd");
		HttpResponse<String> badLines = get(instance.id(), "lines=-1");

		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(badSource.statusCode()).isEqualTo(400);
		assertThat(badSource.body()).contains("is not kernel, system or console-N");
		assertThat(badLines.statusCode()).isEqualTo(400);
	}

	private DesiredInstance start(String name) {
		DesiredInstance instance = new DesiredInstance(UUID.randomUUID(), name, "demo", "demo", 128, 1);
		this.reconciler.reconcile(List.of(instance));
		return instance;
	}

	private HttpResponse<String> get(UUID instance, String query) throws Exception {
		return this.http.send(request(instance, query), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest request(UUID instance, String query) {
		return HttpRequest
			.newBuilder(
					URI.create("http://localhost:" + this.port + "/api/v1/instances/" + instance + "/console?" + query))
			.timeout(Duration.ofSeconds(30))
			.build();
	}

	private static Path workDir() {
		try {
			return Files.createTempDirectory("atoll-console-stream");
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
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
