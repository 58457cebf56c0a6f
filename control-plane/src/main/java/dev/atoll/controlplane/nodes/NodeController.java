package dev.atoll.controlplane.nodes;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.NodeRegistration;
import dev.atoll.controlplane.system.ProblemHandler;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/nodes}: an agent registers its node. */
@RestController
class NodeController {

	private final NodeRegistry registry;

	NodeController(NodeRegistry registry) {
		this.registry = registry;
	}

	@PostMapping(ApiPaths.NODES)
	Mono<ResponseEntity<Object>> register(@RequestBody NodeRegistration registration) {
		return this.registry.register(registration)
			.map((outcome) -> ProblemHandler.respond(outcome,
					(registered) -> ResponseEntity.status(HttpStatus.CREATED).body(registered)));
	}

}
