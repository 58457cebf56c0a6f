package dev.atoll.controlplane.instances;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.ConditionType;
import dev.atoll.api.InstanceCondition;
import dev.atoll.api.InstanceEvent;
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

	@Test
	void placementSetsScheduledAndTheAgentsConditionsAreShownBesideIt() {
		InstanceView pending = createInstance("web-1", null);
		assertThat(pending.conditions()).singleElement().satisfies((scheduled) -> {
			assertThat(scheduled.type()).isEqualTo(ConditionType.Scheduled);
			assertThat(scheduled.status()).isFalse();
		});
		NodeRegistered node = registerNode("host-a", 1024, 4);
		InstanceView placed = awaitPlaced(pending.id());
		InstanceCondition scheduled = placed.conditions().get(0);
		assertThat(scheduled.type()).isEqualTo(ConditionType.Scheduled);
		assertThat(scheduled.status()).isTrue();
		assertThat(scheduled.reason()).isEqualTo("Placed");
		assertThat(scheduled.message()).isEqualTo("placed on node host-a");
		assertThat(scheduled.lastTransitionTime()).isNotNull();
		Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		List<InstanceCondition> observed = List.of(
				new InstanceCondition(ConditionType.Scheduled, false, "Forged", "an agent cannot unschedule", at),
				new InstanceCondition(ConditionType.Booted, true, "TelemetryReceived", "", at),
				new InstanceCondition(ConditionType.SplitApplied, true, "TasksMatch", "", at),
				new InstanceCondition(ConditionType.Ready, true, "TasksRunning", "2 of 2 tasks running", at));

		report(node, placed.id(), new InstanceReport(Phase.Running, "", List.of(), TASKS, at, 1, observed))
			.expectStatus()
			.isNoContent();

		InstanceView view = instance(placed.id());
		assertThat(view.conditions()).containsExactly(scheduled, observed.get(1), observed.get(2), observed.get(3));
		assertThat(view.generation()).isEqualTo(1);
		assertThat(view.observedGeneration()).isEqualTo(1);
	}

	@Test
	void readyOfAnOlderGenerationIsShownFalseUntilTheNodeActsOnTheNewOne() {
		NodeRegistered node = registerNode("host-a", 1024, 4);
		InstanceView placed = awaitPlaced(createInstance("web-1", null).id());
		Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		InstanceCondition ready = new InstanceCondition(ConditionType.Ready, true, "TasksRunning", "", at);
		report(node, placed.id(), new InstanceReport(Phase.Running, "", List.of(), TASKS, at, 1, List.of(ready)))
			.expectStatus()
			.isNoContent();
		this.sql.sql("update instances set generation = generation + 1 where id = :id")
			.param("id", placed.id())
			.update();

		InstanceView view = instance(placed.id());

		assertThat(view.generation()).isEqualTo(2);
		assertThat(view.observedGeneration()).isEqualTo(1);
		assertThat(view.conditions()).filteredOn((c) -> c.type() == ConditionType.Ready)
			.singleElement()
			.satisfies((shown) -> {
				assertThat(shown.status()).isFalse();
				assertThat(shown.reason()).isEqualTo("GenerationPending");
			});
	}

	@Test
	void aRejectedBootConfigurationIsRecordedAsAnEventOnce() {
		NodeRegistered node = registerNode("host-a", 1024, 4);
		InstanceView placed = awaitPlaced(createInstance("web-1", null).id());
		InstanceCondition rejected = new InstanceCondition(ConditionType.SplitApplied, false, "ConfigRejected",
				"missing-elf: web: no ELF named 'httpd' in the initrd", Instant.now());
		InstanceReport report = new InstanceReport(Phase.Failed, "the root task rejected the boot configuration",
				List.of(), List.of(), null, 1, List.of(rejected));

		report(node, placed.id(), report).expectStatus().isNoContent();
		report(node, placed.id(), report).expectStatus().isNoContent();

		assertThat(events(placed.id())).filteredOn((event) -> event.reason() == InstanceEvent.Reason.ConfigRejected)
			.singleElement()
			.satisfies((event) -> assertThat(event.message()).isEqualTo(
					"the root task rejected the boot configuration: missing-elf: web: no ELF named 'httpd' in the initrd"));
	}

	@Test
	void conditionsListedTwiceAre400() {
		NodeRegistered node = registerNode("host-a", 1024, 1);
		InstanceView placed = awaitPlaced(createInstance("web-1", null).id());
		InstanceCondition ready = new InstanceCondition(ConditionType.Ready, true, "TasksRunning", "", Instant.now());

		expectProblem(
				report(node, placed.id(),
						new InstanceReport(Phase.Running, "", List.of(), List.of(), null, 1, List.of(ready, ready))),
				400)
			.jsonPath("$.errors[0].field")
			.isEqualTo("conditions[1].type");
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
