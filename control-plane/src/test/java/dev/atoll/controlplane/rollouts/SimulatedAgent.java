package dev.atoll.controlplane.rollouts;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.ConditionType;
import dev.atoll.api.DesiredInstance;
import dev.atoll.api.InstanceCondition;
import dev.atoll.api.InstanceReport;
import dev.atoll.api.NodeAssignments;
import dev.atoll.api.NodeHeartbeat;
import dev.atoll.api.NodeRegistered;
import dev.atoll.api.Phase;

import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A node agent that speaks the real agent protocol over HTTP (heartbeat with its running
 * instances, a status report per assigned instance with conditions), without QEMU: each
 * {@link #tick} it acts on the desired generation at once and reports Ready as
 * {@link #readyWhen} decides. It remembers the largest number of its instances it ever
 * saw waiting for it to act on a new generation.
 */
final class SimulatedAgent {

	private final WebTestClient client;

	private final NodeRegistered node;

	private final Map<UUID, Long> acted = new HashMap<>();

	private volatile Predicate<DesiredInstance> readyWhen = (desired) -> true;

	private int mostBehind;

	SimulatedAgent(WebTestClient client, NodeRegistered node) {
		this.client = client;
		this.node = node;
	}

	/** Which desired states the instance becomes Ready in (all, by default). */
	void readyWhen(Predicate<DesiredInstance> ready) {
		this.readyWhen = ready;
	}

	/**
	 * Heartbeats, then reports on every assigned instance as acting on its generation.
	 */
	synchronized NodeAssignments tick() {
		NodeAssignments assignments = this.client.put()
			.uri(ApiPaths.NODE_HEARTBEAT, this.node.nodeId())
			.header(ApiPaths.AUTHORIZATION, "Bearer " + this.node.nodeToken())
			.bodyValue(new NodeHeartbeat(List.copyOf(this.acted.keySet())))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(NodeAssignments.class)
			.returnResult()
			.getResponseBody();
		int behind = (int) assignments.instances()
			.stream()
			.filter((desired) -> this.acted.containsKey(desired.id())
					&& desired.generation() > this.acted.get(desired.id()))
			.count();
		this.mostBehind = Math.max(this.mostBehind, behind);
		for (DesiredInstance desired : assignments.instances()) {
			boolean ready = this.readyWhen.test(desired);
			Instant now = Instant.now();
			List<InstanceCondition> conditions = List.of(
					new InstanceCondition(ConditionType.Booted, true, "TelemetryArrived", "", now),
					new InstanceCondition(ConditionType.SplitApplied, ready, ready ? "SplitMatches" : "TasksMissing",
							"", now),
					new InstanceCondition(ConditionType.Ready, ready, ready ? "TasksRunning" : "TasksMissing",
							ready ? "" : "linux is not running", now));
			this.client.put()
				.uri(ApiPaths.NODE_INSTANCE_STATUS, this.node.nodeId(), desired.id())
				.header(ApiPaths.AUTHORIZATION, "Bearer " + this.node.nodeToken())
				.bodyValue(new InstanceReport(Phase.Running, "", List.of(), List.of(), now, desired.generation(),
						conditions))
				.exchange()
				.expectStatus()
				.isNoContent();
			this.acted.put(desired.id(), desired.generation());
		}
		return assignments;
	}

	/**
	 * The most instances seen at once (at a heartbeat) with a desired generation newer
	 * than the one this agent last acted on.
	 */
	synchronized int mostBehind() {
		return this.mostBehind;
	}

}
