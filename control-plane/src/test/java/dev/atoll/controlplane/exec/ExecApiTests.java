package dev.atoll.controlplane.exec;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.ExecReport;
import dev.atoll.api.ExecRequest;
import dev.atoll.api.ExecResult;
import dev.atoll.api.InstanceView;
import dev.atoll.api.NodeRegistered;
import dev.atoll.api.PendingExec;
import dev.atoll.controlplane.ApiTest;
import org.junit.jupiter.api.Test;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exec through the real API and PostgreSQL, the test playing the agent over HTTP with its
 * node token: the request waits until the agent claims it and reports, and answers what
 * the agent reported; without a report it answers 504 after its timeout.
 */
class ExecApiTests extends ApiTest {

	@Test
	void theAgentOfTheInstancesNodeClaimsTheRequestAndItsReportAnswersIt() throws Exception {
		NodeRegistered node = registerNode("node-a", 1024, 4);
		InstanceView instance = awaitPlaced(createInstance("web-1", 256).id());

		CompletableFuture<WebTestClient.ResponseSpec> call = CompletableFuture.supplyAsync(() -> this.web.post()
			.uri(ApiPaths.INSTANCE_EXEC, instance.id())
			.bodyValue(new ExecRequest(null, "echo hi", 20))
			.exchange());
		PendingExec pending = awaitClaim(node);
		assertThat(pending.instanceId()).isEqualTo(instance.id());
		assertThat(pending.channel()).isZero();
		assertThat(pending.command()).isEqualTo("echo hi");
		assertThat(pending.timeoutMs()).isBetween(1L, 20_000L);
		assertThat(claim(node)).as("claimed once").isEmpty();
		asNode(node).put()
			.uri(ApiPaths.NODE_EXEC_RESULT, node.nodeId(), pending.id())
			.bodyValue(new ExecReport(ExecReport.Outcome.Completed, "hi\n", 0, 12, null))
			.exchange()
			.expectStatus()
			.isNoContent();

		ExecResult result = call.get()
			.expectStatus()
			.isOk()
			.expectBody(ExecResult.class)
			.returnResult()
			.getResponseBody();
		assertThat(result).isEqualTo(new ExecResult("hi\n", 0, 12));
		asNode(node).put()
			.uri(ApiPaths.NODE_EXEC_RESULT, node.nodeId(), pending.id())
			.bodyValue(new ExecReport(ExecReport.Outcome.Completed, "again\n", 0, 1, null))
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void anAgentThatReportsATimeoutMakesA504WithTheOutputSoFar() throws Exception {
		NodeRegistered node = registerNode("node-a", 1024, 4);
		InstanceView instance = awaitPlaced(createInstance("web-1", 256).id());

		CompletableFuture<WebTestClient.ResponseSpec> call = CompletableFuture.supplyAsync(() -> this.web.post()
			.uri(ApiPaths.INSTANCE_EXEC, instance.id())
			.bodyValue(new ExecRequest(0, "tasks", 2))
			.exchange());
		PendingExec pending = awaitClaim(node);
		asNode(node).put()
			.uri(ApiPaths.NODE_EXEC_RESULT, node.nodeId(), pending.id())
			.bodyValue(new ExecReport(ExecReport.Outcome.TimedOut, "NAME", null, 2000, "no exit code within 2000 ms"))
			.exchange()
			.expectStatus()
			.isNoContent();

		expectProblem(call.get(), 504).jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("no exit code within 2000 ms").contains("NAME"));
	}

	@Test
	void noAgentAnsweringMeans504AfterTheTimeoutAndTheGrace() {
		registerNode("node-a", 1024, 4);
		InstanceView instance = awaitPlaced(createInstance("web-1", 256).id());
		long start = System.nanoTime();

		expectProblem(this.web.post()
			.uri(ApiPaths.INSTANCE_EXEC, instance.id())
			.bodyValue(new ExecRequest(0, "echo hi", 1))
			.exchange(), 504).jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("no result from the agent of node"));

		assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(1).plus(Execs.GRACE),
				Duration.ofSeconds(20));
		assertThat(this.sql.sql("select state from exec_requests").query(String.class).single()).isEqualTo("TimedOut");
	}

	@Test
	void badRequestsAndUnknownOrUnplacedInstancesAreRefused() {
		expectProblem(this.web.post()
			.uri(ApiPaths.INSTANCE_EXEC, UUID.randomUUID())
			.bodyValue(new ExecRequest(0, "echo hi", 5))
			.exchange(), 404);
		InstanceView unplaced = createInstance("web-1", 256);
		expectProblem(this.web.post()
			.uri(ApiPaths.INSTANCE_EXEC, unplaced.id())
			.bodyValue(new ExecRequest(0, "echo hi", 5))
			.exchange(), 409).jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("runs on no node"));
		expectProblem(this.web.post()
			.uri(ApiPaths.INSTANCE_EXEC, unplaced.id())
			.bodyValue(new ExecRequest(1, "echo\nhi", 0))
			.exchange(), 400).jsonPath("$.errors[*].field")
			.value((List<String> fields) -> assertThat(fields).containsExactly("channel", "command", "timeoutSeconds"));
	}

	private WebTestClient asNode(NodeRegistered node) {
		return as(node.nodeToken());
	}

	private List<PendingExec> claim(NodeRegistered node) {
		return asNode(node).get()
			.uri(ApiPaths.NODE_EXEC, node.nodeId())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<List<PendingExec>>() {
			})
			.returnResult()
			.getResponseBody();
	}

	private PendingExec awaitClaim(NodeRegistered node) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (System.nanoTime() < deadline) {
			List<PendingExec> pending = claim(node);
			if (!pending.isEmpty()) {
				assertThat(pending).hasSize(1);
				return pending.get(0);
			}
			Thread.sleep(50);
		}
		throw new AssertionError("the request never became claimable");
	}

}
