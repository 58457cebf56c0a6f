package dev.atoll.controlplane.nodes;

import java.util.Collections;
import java.util.List;
import java.util.UUID;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.NodeAdminChange;
import dev.atoll.api.NodeRegistration;
import dev.atoll.api.NodeView;
import dev.atoll.api.PrometheusTargetGroup;
import dev.atoll.controlplane.system.ProblemHandler;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/nodes}: an agent registers its node; anyone lists and reads nodes; and
 * Prometheus discovers the agents' metrics endpoints.
 */
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

	/**
	 * Every node, or with {@code ?labelSelector=} those it selects; with {@code limit} or
	 * {@code cursor} one page of them, the same JSON list, and
	 * {@code Link: <...>; rel="next"} when more follow.
	 */
	@GetMapping(ApiPaths.NODES)
	Mono<ResponseEntity<Object>> list(@RequestParam(required = false) String labelSelector,
			@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
		return this.registry.list(labelSelector, limit, cursor)
			.map((outcome) -> ProblemHandler.respond(outcome,
					(page) -> page.respond(ApiPaths.NODES, Collections.singletonMap("labelSelector", labelSelector))));
	}

	/** Prometheus HTTP service discovery: always 200 and a JSON list, maybe empty. */
	@GetMapping(ApiPaths.PROMETHEUS_TARGETS)
	Mono<ResponseEntity<List<PrometheusTargetGroup>>> prometheusTargets() {
		return this.registry.list()
			.map((nodes) -> ResponseEntity.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.body(PrometheusTargets.of(nodes)));
	}

	@PutMapping(ApiPaths.NODE_ADMIN_STATE)
	Mono<ResponseEntity<Object>> changeAdminState(@PathVariable UUID nodeId, @RequestBody NodeAdminChange change) {
		return this.registry.changeAdminState(nodeId, change)
			.map((outcome) -> ProblemHandler.respond(outcome, (view) -> ResponseEntity.ok(view)));
	}

	@GetMapping(ApiPaths.NODE)
	Mono<ResponseEntity<Object>> get(@PathVariable UUID nodeId) {
		return this.registry.find(nodeId)
			.map((outcome) -> ProblemHandler.respond(outcome, (view) -> ResponseEntity.ok(view)));
	}

}
