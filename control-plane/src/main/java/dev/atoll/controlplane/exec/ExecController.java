package dev.atoll.controlplane.exec;

import java.util.UUID;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.ExecReport;
import dev.atoll.api.ExecRequest;
import dev.atoll.controlplane.nodes.AuthenticatedNode;
import dev.atoll.controlplane.nodes.NodeRegistry;
import dev.atoll.controlplane.system.Outcome;
import dev.atoll.controlplane.system.ProblemHandler;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/instances/{id}/exec} for people and CI; the agent's side, by node
 * token: claim the node's pending execs, report one's result.
 */
@RestController
class ExecController {

	private final Execs execs;

	private final NodeRegistry nodes;

	ExecController(Execs execs, NodeRegistry nodes) {
		this.execs = execs;
		this.nodes = nodes;
	}

	/** 200 with the output and exit code; 504 when none came in time. */
	@PostMapping(ApiPaths.INSTANCE_EXEC)
	Mono<ResponseEntity<Object>> exec(@PathVariable UUID instanceId, @RequestBody ExecRequest request) {
		return this.execs.exec(instanceId, request)
			.map((outcome) -> ProblemHandler.respond(outcome, (result) -> ResponseEntity.ok(result)));
	}

	@GetMapping(ApiPaths.NODE_EXEC)
	Mono<ResponseEntity<Object>> claim(@PathVariable UUID nodeId,
			@RequestHeader(name = ApiPaths.AUTHORIZATION, required = false) String authorization) {
		return this.nodes.authenticate(nodeId, authorization).flatMap((authenticated) -> switch (authenticated) {
			case Outcome.Success<AuthenticatedNode>(AuthenticatedNode node) ->
				this.execs.claim(node.id()).map((pending) -> ResponseEntity.ok((Object) pending));
			case Outcome.Failure<AuthenticatedNode>(var problem) -> Mono.just(ProblemHandler.respond(problem));
		});
	}

	@PutMapping(ApiPaths.NODE_EXEC_RESULT)
	Mono<ResponseEntity<Object>> report(@PathVariable UUID nodeId, @PathVariable UUID execId,
			@RequestHeader(name = ApiPaths.AUTHORIZATION, required = false) String authorization,
			@RequestBody ExecReport report) {
		return this.nodes.authenticate(nodeId, authorization).flatMap((authenticated) -> switch (authenticated) {
			case Outcome.Success<AuthenticatedNode>(AuthenticatedNode node) ->
				this.execs.report(node.id(), execId, report)
					.map((outcome) -> ProblemHandler.respond(outcome, (stored) -> ResponseEntity.noContent().build()));
			case Outcome.Failure<AuthenticatedNode>(var problem) -> Mono.just(ProblemHandler.respond(problem));
		});
	}

}
