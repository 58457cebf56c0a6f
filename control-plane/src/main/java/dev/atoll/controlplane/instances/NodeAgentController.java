package dev.atoll.controlplane.instances;

import java.util.List;
import java.util.UUID;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.DesiredInstance;
import dev.atoll.api.InstanceReport;
import dev.atoll.api.NodeAssignments;
import dev.atoll.api.NodeHeartbeat;
import dev.atoll.controlplane.nodes.AuthenticatedNode;
import dev.atoll.controlplane.nodes.NodeRegistry;
import dev.atoll.controlplane.system.Outcome;
import dev.atoll.controlplane.system.ProblemHandler;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

/**
 * The agent side of the protocol: heartbeats answered with the node's full desired state
 * (level-triggered), and status reports. The access policy's filter has checked the node
 * token against the node in the path and hands over the {@link AuthenticatedNode}.
 */
@RestController
class NodeAgentController {

	private final NodeRegistry nodes;

	private final Instances instances;

	NodeAgentController(NodeRegistry nodes, Instances instances) {
		this.nodes = nodes;
		this.instances = instances;
	}

	@PutMapping(ApiPaths.NODE_HEARTBEAT)
	Mono<ResponseEntity<Object>> heartbeat(@PathVariable UUID nodeId,
			@RequestAttribute(AuthenticatedNode.ATTRIBUTE) AuthenticatedNode authenticatedNode,
			@RequestBody NodeHeartbeat heartbeat) {
		return this.nodes.heartbeat(authenticatedNode).flatMap((authenticated) -> switch (authenticated) {
			case Outcome.Success<AuthenticatedNode>(AuthenticatedNode node) ->
				this.instances.assignments(node.id(), heartbeat)
					.map((outcome) -> ProblemHandler.respond(outcome, this::assignments));
			case Outcome.Failure<AuthenticatedNode>(var problem) -> Mono.just(ProblemHandler.respond(problem));
		});
	}

	@PutMapping(ApiPaths.NODE_INSTANCE_STATUS)
	Mono<ResponseEntity<Object>> status(@PathVariable UUID nodeId, @PathVariable UUID instanceId,
			@RequestAttribute(AuthenticatedNode.ATTRIBUTE) AuthenticatedNode node, @RequestBody InstanceReport report) {
		return this.instances.report(node.id(), instanceId, report)
			.map((outcome) -> ProblemHandler.respond(outcome, (stored) -> ResponseEntity.noContent().build()));
	}

	private ResponseEntity<Object> assignments(List<DesiredInstance> desired) {
		return ResponseEntity.ok(new NodeAssignments(desired, this.nodes.heartbeatInterval().toMillis()));
	}

}
