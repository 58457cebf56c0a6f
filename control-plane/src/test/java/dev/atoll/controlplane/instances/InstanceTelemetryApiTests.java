package dev.atoll.controlplane.instances;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.EndpointList;
import dev.atoll.api.EndpointReport;
import dev.atoll.api.InstanceHistory;
import dev.atoll.api.InstanceReport;
import dev.atoll.api.InstanceView;
import dev.atoll.api.NodeRegistered;
import dev.atoll.api.Phase;
import dev.atoll.api.Role;
import dev.atoll.api.TaskReport;
import dev.atoll.api.TelemetrySample;
import dev.atoll.controlplane.ApiTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoints of the last report and the short history of tasks and endpoints, with the
 * default history (one sample per 10 s, 60 kept): tests move stored samples into the past
 * instead of waiting.
 */
class InstanceTelemetryApiTests extends ApiTest {

	private static final List<TaskReport> TASKS = List.of(new TaskReport("root", "root", "running", 255, 4096, 65536),
			new TaskReport("uart", "service", "running", 200, 16416, 65536));

	private static final List<EndpointReport> ENDPOINTS = List.of(
			new EndpointReport("uart", "uart", List.of("svctest", "counter"), 30),
			new EndpointReport("blk", "blk", List.of(), 0));

	private NodeRegistered node;

	private InstanceView placed() {
		this.node = registerNode("host-a", 1024, 4);
		return awaitPlaced(createInstance("web-1", null).id());
	}

	private static InstanceReport running(Instant telemetryAt, long messages) {
		return new InstanceReport(Phase.Running, "", List.of(), TASKS, telemetryAt, 1, List.of(),
				List.of(new EndpointReport("uart", "uart", List.of("svctest"), messages)));
	}

	private void send(UUID id, InstanceReport report) {
		report(this.node, id, report).expectStatus().isNoContent();
	}

	private InstanceHistory history(UUID id) {
		return read(ApiPaths.INSTANCE_HISTORY, id, InstanceHistory.class);
	}

	/** Moves every stored sample an hour into the past: the next new record is due. */
	private void ageSamples() {
		this.sql.sql("update instance_samples set at = at - interval '1 hour'").update();
	}

	@Test
	void theEndpointsOfTheLastReportAreShown() {
		InstanceView placed = placed();
		Instant telemetryAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);

		send(placed.id(),
				new InstanceReport(Phase.Running, "", List.of(), TASKS, telemetryAt, 1, List.of(), ENDPOINTS));

		EndpointList endpoints = read(ApiPaths.INSTANCE_ENDPOINTS, placed.id(), EndpointList.class);
		assertThat(endpoints.instanceId()).isEqualTo(placed.id());
		assertThat(endpoints.reportedAt()).isEqualTo(telemetryAt);
		assertThat(endpoints.endpoints()).isEqualTo(ENDPOINTS);
	}

	@Test
	void beforeAnyReportThereAreNoEndpointsAndNoSamples() {
		InstanceView created = createInstance("web-1", null);

		EndpointList endpoints = read(ApiPaths.INSTANCE_ENDPOINTS, created.id(), EndpointList.class);
		assertThat(endpoints.endpoints()).isEmpty();
		assertThat(endpoints.reportedAt()).isNull();
		InstanceHistory history = history(created.id());
		assertThat(history.samples()).isEmpty();
		assertThat(history.intervalSeconds()).isEqualTo(10);
	}

	@Test
	void aReportWithoutEndpointsAsOlderAgentsSendClearsThem() {
		InstanceView placed = placed();
		send(placed.id(), running(Instant.now(), 1));

		report(this.node, placed.id(), new InstanceReport(Phase.Running, "", List.of(), TASKS, Instant.now(), 1, null))
			.expectStatus()
			.isNoContent();

		assertThat(read(ApiPaths.INSTANCE_ENDPOINTS, placed.id(), EndpointList.class).endpoints()).isEmpty();
	}

	@Test
	void badEndpointsAreRefusedNamingEachFieldAndChangeNothing() {
		InstanceView placed = placed();
		send(placed.id(), running(Instant.now(), 5));

		expectProblem(report(this.node, placed.id(),
				new InstanceReport(Phase.Running, "", List.of(), TASKS, Instant.now(), 1, List.of(),
						List.of(new EndpointReport("uart", "bad/server", List.of(), -1),
								new EndpointReport("", "blk", List.of("ok", "not ok"), 0)))),
				400)
			.jsonPath("$.errors[*].field")
			.value((List<String> fields) -> assertThat(fields).containsExactly("endpoints[0].server",
					"endpoints[0].messages", "endpoints[1].name", "endpoints[1].clients"));

		assertThat(read(ApiPaths.INSTANCE_ENDPOINTS, placed.id(), EndpointList.class).endpoints())
			.extracting(EndpointReport::messages)
			.containsExactly(5L);
		assertThat(history(placed.id()).samples()).hasSize(1);
	}

	@Test
	void aNewRecordIsSampledOncePerIntervalAndTheSameRecordNeverTwice() {
		InstanceView placed = placed();
		Instant first = Instant.now().truncatedTo(ChronoUnit.MILLIS);

		send(placed.id(), running(first, 10));
		send(placed.id(), running(first.plusSeconds(1), 11));
		assertThat(history(placed.id()).samples()).extracting(TelemetrySample::at).containsExactly(first);

		ageSamples();
		send(placed.id(), running(first, 10));
		send(placed.id(), new InstanceReport(Phase.Failed, "gone", List.of(), List.of(), null, 1));
		assertThat(history(placed.id()).samples()).hasSize(1);

		send(placed.id(), running(first.plusSeconds(2), 12));
		InstanceHistory history = history(placed.id());
		assertThat(history.samples()).extracting(TelemetrySample::at).containsExactly(first, first.plusSeconds(2));
		TelemetrySample last = history.samples().getLast();
		assertThat(last.tasks()).isEqualTo(TASKS);
		assertThat(last.endpoints()).containsExactly(new EndpointReport("uart", "uart", List.of("svctest"), 12));
	}

	@Test
	void theNewestSixtySamplesAreKeptPerInstance() {
		InstanceView placed = placed();
		InstanceView other = awaitPlaced(createInstance("web-2", null).id());
		Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		send(other.id(), running(start, 1));

		for (int i = 0; i < 75; i++) {
			ageSamples();
			send(placed.id(), running(start.plusSeconds(i), i));
		}

		List<TelemetrySample> samples = history(placed.id()).samples();
		assertThat(samples).hasSize(60);
		assertThat(samples.getFirst().at()).isEqualTo(start.plusSeconds(15));
		assertThat(samples.getLast().at()).isEqualTo(start.plusSeconds(74));
		assertThat(history(other.id()).samples()).hasSize(1);
	}

	@Test
	void unknownInstancesAreNotFoundAndViewersMayRead() {
		InstanceView placed = placed();
		String viewer = createToken("viewer", Role.viewer).secret();

		for (String path : List.of(ApiPaths.INSTANCE_ENDPOINTS, ApiPaths.INSTANCE_HISTORY)) {
			expectProblem(this.web.get().uri(path, UUID.randomUUID()).exchange(), 404);
			expectProblem(this.web.get().uri(path, "not-a-uuid").exchange(), 400);
			as(viewer).get().uri(path, placed.id()).exchange().expectStatus().isOk();
			expectProblem(this.anonymous.get().uri(path, placed.id()).exchange(), 401);
		}
	}

	/**
	 * Not a timed test: prints what sampling costs a report over HTTP, beside reports
	 * that sample nothing, interleaved in one run.
	 */
	@Test
	void samplingCostOnTheIngestPath() {
		InstanceView placed = placed();
		Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		for (int i = 0; i < 60; i++) {
			ageSamples();
			send(placed.id(), running(start.plusSeconds(i), i));
		}
		int rounds = 200;
		List<Long> noTelemetry = new ArrayList<>();
		List<Long> notDue = new ArrayList<>();
		List<Long> sampled = new ArrayList<>();
		for (int i = 0; i < rounds; i++) {
			Instant at = start.plusSeconds(100 + i);
			noTelemetry.add(timed(placed.id(),
					new InstanceReport(Phase.Running, "", List.of(), TASKS, null, 1, List.of(), ENDPOINTS)));
			ageSamples();
			sampled.add(timed(placed.id(), running(at, i)));
			notDue.add(timed(placed.id(), running(at.plusMillis(500), i)));
		}
		assertThat(history(placed.id()).samples()).hasSize(60);
		System.out.printf(
				"history ingest cost, %d reports each over HTTP (median / p99 ms): no telemetry (baseline) %.2f / %.2f;"
						+ " new record, not due %.2f / %.2f; sampled and pruned at 60 %.2f / %.2f%n",
				rounds, median(noTelemetry), p99(noTelemetry), median(notDue), p99(notDue), median(sampled),
				p99(sampled));
	}

	private long timed(UUID id, InstanceReport report) {
		long started = System.nanoTime();
		send(id, report);
		return System.nanoTime() - started;
	}

	private static double median(List<Long> nanos) {
		List<Long> sorted = new ArrayList<>(nanos);
		Collections.sort(sorted);
		return sorted.get(sorted.size() / 2) / 1e6;
	}

	private static double p99(List<Long> nanos) {
		List<Long> sorted = new ArrayList<>(nanos);
		Collections.sort(sorted);
		return sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) / 1e6;
	}

}
