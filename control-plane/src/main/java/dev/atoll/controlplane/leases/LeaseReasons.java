package dev.atoll.controlplane.leases;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.ConditionType;
import dev.atoll.api.InstanceCondition;
import dev.atoll.api.InstanceView;
import dev.atoll.api.LeaseEndpoint;
import dev.atoll.api.LeaseState;
import dev.atoll.api.NodeView;
import dev.atoll.api.Phase;
import dev.atoll.controlplane.instances.PlacementMessages;
import dev.atoll.controlplane.nodes.AgentUrls;

import org.springframework.web.util.UriComponentsBuilder;

/**
 * What a live lease shows, read from its instance: the state, the reason in the lease's
 * terms (why a Queued lease is not served yet), and the endpoint once Ready.
 */
final class LeaseReasons {

	/** Stored, the instance not created yet (or being created). */
	static final String WAITING_FOR_INSTANCE = "waiting for its instance to be created";

	private LeaseReasons() {
	}

	/**
	 * What the lease shows.
	 *
	 * @param state the lease's state
	 * @param reason why
	 * @param endpoint where the instance is reached, when Ready
	 */
	record Observed(LeaseState state, String reason, LeaseEndpoint endpoint) {
	}

	/**
	 * The lease's state from its instance (empty: the instance is gone) and the node it
	 * is placed on (empty: unplaced, or the node is unknown).
	 */
	static Observed of(Optional<InstanceView> found, Map<String, String> labels, Optional<NodeView> node) {
		if (found.isEmpty() || found.get().deleting()) {
			return new Observed(LeaseState.Failed, "its instance was deleted", null);
		}
		InstanceView instance = found.get();
		if (instance.nodeId() == null) {
			return new Observed(LeaseState.Queued, queued(instance.message(), labels), null);
		}
		String nodeName = node.map(NodeView::name).orElse(instance.nodeId().toString());
		if (instance.phase() == Phase.Failed) {
			return new Observed(LeaseState.Failed,
					"its instance failed on node " + nodeName + ": " + instance.message(), null);
		}
		if (isReady(instance)) {
			return new Observed(LeaseState.Ready, "its instance is ready on node " + nodeName,
					endpoint(instance, node));
		}
		String message = (instance.message() == null || instance.message().isEmpty()) ? "" : ": " + instance.message();
		String notReady = readyCondition(instance)
			.map((ready) -> "; not Ready: " + ready.reason()
					+ ((ready.message() == null || ready.message().isEmpty()) ? "" : " (" + ready.message() + ")"))
			.orElse("; not Ready yet");
		return new Observed(LeaseState.Provisioning,
				"its instance is " + instance.phase() + " on node " + nodeName + message + notReady, null);
	}

	/**
	 * Ready: the instance's Ready condition holds (its agent runs the desired generation
	 * and every declared task runs).
	 */
	static boolean isReady(InstanceView instance) {
		return readyCondition(instance).map(InstanceCondition::status).orElse(false);
	}

	private static Optional<InstanceCondition> readyCondition(InstanceView instance) {
		return (instance.conditions() == null) ? Optional.empty()
				: instance.conditions()
					.stream()
					.filter((condition) -> condition.type() == ConditionType.Ready)
					.findFirst();
	}

	/** Why an unplaced instance waits, in the lease's words. */
	static String queued(String placementMessage, Map<String, String> labels) {
		String selector = new TreeMap<>(labels).entrySet()
			.stream()
			.map((label) -> label.getKey() + "=" + label.getValue())
			.collect(Collectors.joining(","));
		if (PlacementMessages.NO_MATCHING_NODE.equals(placementMessage)) {
			return "no node matches labels " + selector;
		}
		if (PlacementMessages.NO_CAPACITY.equals(placementMessage)) {
			return labels.isEmpty() ? "all nodes are full (or none is online and Active)"
					: "all nodes matching labels " + selector + " are full";
		}
		return "waiting for placement";
	}

	private static LeaseEndpoint endpoint(InstanceView instance, Optional<NodeView> node) {
		String instanceUrl = UriComponentsBuilder.fromPath(ApiPaths.INSTANCE)
			.buildAndExpand(instance.id())
			.toUriString();
		String consoleUrl = node.flatMap((found) -> AgentUrls.of(found, ApiPaths.INSTANCE_CONSOLE, instance.id()))
			.map(URI::toString)
			.orElse(null);
		return new LeaseEndpoint(instance.id(), instance.name(), instance.nodeId(),
				node.map(NodeView::name).orElse(null), instanceUrl, consoleUrl);
	}

}
