package dev.atoll.controlplane.instances;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.InstanceReport;
import dev.atoll.api.InstanceView;
import dev.atoll.api.NodeRegistered;
import dev.atoll.api.Phase;
import dev.atoll.api.TaskList;
import dev.atoll.api.TaskReport;
import dev.atoll.controlplane.ApiTest;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

class NodeReportApiTests extends ApiTest {

	private static final List<TaskReport> TASKS = List.of(new TaskReport("root", "root", "running", 255, 4096, 65536),
			new TaskReport("linux", "personality", "blocked", 100, 1 << 20, 1 << 24));

	@Test
	void aReportFromTheInstancesNodeIsStoredAndShown() {
		NodeRegistered node = registerNode("host-a", 1024, 4);
		InstanceView placed = awaitPlaced(createInstance("web-1", null).id());
		Instant telemetryAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);

		report(node, placed.id(),
				new InstanceReport(Phase.Running, "booted", List.of("hello", "world"), TASKS, telemetryAt, 1))
			.expectStatus()
			.isNoContent();

		InstanceView view = instance(placed.id());
		assertThat(view.phase()).isEqualTo(Phase.Running);
		assertThat(view.message()).isEqualTo("booted");
		assertThat(view.consoleTail()).containsExactly("hello", "world");
		assertThat(view.updatedAt()).isAfter(placed.updatedAt());
		TaskList tasks = tasks(placed);
		assertThat(tasks.instanceId()).isEqualTo(placed.id());
		assertThat(tasks.reportedAt()).isEqualTo(telemetryAt);
		assertThat(tasks.tasks()).isEqualTo(TASKS);
	}

	@Test
	void beforeAnyReportTheTaskListIsEmpty() {
		InstanceView created = createInstance("web-1", null);

		TaskList tasks = tasks(created);

		assertThat(tasks.tasks()).isEmpty();
		assertThat(tasks.reportedAt()).isNull();
	}

	@Test
	void aReportForAnotherNodesInstanceIsRefusedAndChangesNothing() {
		NodeRegistered owner = registerNode("host-a", 1024, 1);
		InstanceView placed = awaitPlaced(createInstance("web-1", null).id());
		assertThat(placed.nodeId()).isEqualTo(owner.nodeId());
		NodeRegistered intruder = registerNode("host-b", 1024, 1);

		expectProblem(report(intruder, placed.id(),
				new InstanceReport(Phase.Failed, "pwned", List.of("evil"), TASKS, Instant.now(), 1)), 403)
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains(placed.id().toString()));

		assertThat(instance(placed.id())).isEqualTo(placed);
		assertThat(tasks(placed).tasks()).isEmpty();
	}

	@Test
	void aReportForAnUnplacedInstanceIsRefused() {
		NodeRegistered node = registerNode("host-a", 1024, 1);
		silence(node);
		InstanceView pending = createInstance("web-1", null);

		expectProblem(report(node, pending.id(), new InstanceReport(Phase.Running, "", List.of(), List.of(), null, 1)),
				403);
	}

	@Test
	void aReportWithoutTheNodesTokenIs401() {
		NodeRegistered node = registerNode("host-a", 1024, 1);
		InstanceView placed = awaitPlaced(createInstance("web-1", null).id());

		expectProblem(this.web.put()
			.uri(ApiPaths.NODE_INSTANCE_STATUS, node.nodeId(), placed.id())
			.bodyValue(new InstanceReport(Phase.Running, "", List.of(), List.of(), null, 1))
			.exchange(), 401);
	}

	@Test
	void aMalformedReportIs400NamingTheField() {
		NodeRegistered node = registerNode("host-a", 1024, 1);
		InstanceView placed = awaitPlaced(createInstance("web-1", null).id());

		expectProblem(this.web.put()
			.uri(ApiPaths.NODE_INSTANCE_STATUS, node.nodeId(), placed.id())
			.header(ApiPaths.AUTHORIZATION, "Bearer " + node.nodeToken())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"phase\": \"Dancing\", \"message\": \"\", \"consoleTail\": [], \"tasks\": [], "
					+ "\"telemetryAt\": null, \"generation\": 1}")
			.exchange(), 400).jsonPath("$.errors[0].field").isEqualTo("phase");
		expectProblem(report(node, placed.id(), new InstanceReport(null, "", List.of(), List.of(), null, 1)), 400)
			.jsonPath("$.errors[0].field")
			.isEqualTo("phase");
	}

	private TaskList tasks(InstanceView instance) {
		return this.web.get()
			.uri(ApiPaths.INSTANCE_TASKS, instance.id())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(TaskList.class)
			.returnResult()
			.getResponseBody();
	}

}
