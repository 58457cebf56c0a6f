package dev.atoll.controlplane.leases;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.ConditionType;
import dev.atoll.api.CreateLeaseRequest;
import dev.atoll.api.InstanceCondition;
import dev.atoll.api.InstanceReport;
import dev.atoll.api.LeaseView;
import dev.atoll.api.NodeRegistered;
import dev.atoll.api.Phase;
import dev.atoll.api.Role;
import dev.atoll.controlplane.ApiTest;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.test.web.reactive.server.WebTestClient;

import static org.awaitility.Awaitility.await;

/** Lease API tests: a CI token ({@link #ci}), requests, and waiting for a lease state. */
abstract class LeaseApiTest extends ApiTest {

	/** Calls with a token of role ci. */
	protected WebTestClient ci;

	@BeforeEach
	void ciToken() {
		this.ci = as(createToken("ci-runner", Role.ci).secret());
	}

	protected static CreateLeaseRequest lease(String ciRunId, Map<String, String> labels, int ttlSeconds) {
		return new CreateLeaseRequest("linux", null, "default", null, labels, ttlSeconds, ciRunId, 128);
	}

	protected LeaseView create(CreateLeaseRequest request) {
		return this.ci.post()
			.uri(ApiPaths.LEASES)
			.bodyValue(request)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(LeaseView.class)
			.returnResult()
			.getResponseBody();
	}

	protected LeaseView lease(UUID id) {
		return read(ApiPaths.LEASE, id, LeaseView.class);
	}

	protected LeaseView awaitLease(UUID id, Predicate<LeaseView> condition) {
		return await().atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> lease(id), condition);
	}

	/**
	 * The simulated agent reports the instance in that phase, without conditions, over
	 * the agent protocol.
	 */
	protected void reportPhase(NodeRegistered node, UUID instanceId, Phase phase, String message) {
		report(node, instanceId, new InstanceReport(phase, message, List.of(), List.of(), null, 1)).expectStatus()
			.isNoContent();
	}

	/**
	 * The simulated agent reports the instance Running with every condition true for its
	 * desired generation: Ready.
	 */
	protected void reportReady(NodeRegistered node, UUID instanceId) {
		long generation = instance(instanceId).generation();
		Instant now = Instant.now();
		List<InstanceCondition> conditions = List.of(
				new InstanceCondition(ConditionType.Booted, true, "Booted", "", now),
				new InstanceCondition(ConditionType.SplitApplied, true, "SplitApplied", "", now),
				new InstanceCondition(ConditionType.Ready, true, "AllTasksRunning", "", now));
		report(node, instanceId,
				new InstanceReport(Phase.Running, "", List.of(), List.of(), null, generation, conditions))
			.expectStatus()
			.isNoContent();
	}

}
