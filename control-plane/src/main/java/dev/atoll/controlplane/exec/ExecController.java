package dev.atoll.controlplane.exec;

import java.util.UUID;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.ExecReport;
import dev.atoll.api.ExecRequest;
import dev.atoll.controlplane.nodes.AuthenticatedNode;
import dev.atoll.controlplane.system.ProblemHandler;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/instances/{id}/exec} for people and CI; the agent's side, by node
 * token (checked once, by the access policy's filter, which hands over the
 * {@link AuthenticatedNode}): claim the node's pending execs, report one's result.
 */
@RestController
class ExecController {

	private final Execs execs;

	ExecController(Execs execs) {
		this.execs = execs;
	}

	/** 200 with the output and exit code; 504 when none came in time. */
	@PostMapping(ApiPaths.INSTANCE_EXEC)
	Mono<ResponseEntity<Object>> exec(@PathVariable UUID instanceId, @RequestBody ExecRequest request) {
		return this.execs.exec(instanceId, request)
			.map((outcome) -> ProblemHandler.respond(outcome, (result) -> ResponseEntity.ok(result)));
	}

	@GetMapping(ApiPaths.NODE_EXEC)
	Mono<ResponseEntity<Object>> claim(@PathVariable UUID nodeId,
			@RequestAttribute(AuthenticatedNode.ATTRIBUTE) AuthenticatedNode node) {
		return this.execs.claim(node.id()).map((pending) -> ResponseEntity.ok((Object) pending));
	}

	@PutMapping(ApiPaths.NODE_EXEC_RESULT)
	Mono<ResponseEntity<Object>> report(@PathVariable UUID nodeId, @PathVariable UUID execId,
			@RequestAttribute(AuthenticatedNode.ATTRIBUTE) AuthenticatedNode node, @RequestBody ExecReport report) {
		return this.execs.report(node.id(), execId, report)
			.map((outcome) -> ProblemHandler.respond(outcome, (stored) -> ResponseEntity.noContent().build()));
	}

}
