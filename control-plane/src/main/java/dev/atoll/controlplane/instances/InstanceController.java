package dev.atoll.controlplane.instances;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.CreateInstanceRequest;
import dev.atoll.api.InstanceView;
import dev.atoll.controlplane.system.ProblemHandler;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/** The user-facing instance API: create, list, get, delete, tasks. */
@RestController
class InstanceController {

	private final Instances instances;

	InstanceController(Instances instances) {
		this.instances = instances;
	}

	@PostMapping(ApiPaths.INSTANCES)
	Mono<ResponseEntity<Object>> create(@RequestBody CreateInstanceRequest request) {
		return this.instances.create(request)
			.map((outcome) -> ProblemHandler.respond(outcome,
					(view) -> ResponseEntity.created(location(view.id())).body(view)));
	}

	@GetMapping(ApiPaths.INSTANCES)
	Mono<List<InstanceView>> list() {
		return this.instances.list();
	}

	@GetMapping(ApiPaths.INSTANCE)
	Mono<ResponseEntity<Object>> get(@PathVariable UUID instanceId) {
		return this.instances.get(instanceId)
			.map((outcome) -> ProblemHandler.respond(outcome, (view) -> ResponseEntity.ok(view)));
	}

	@DeleteMapping(ApiPaths.INSTANCE)
	Mono<ResponseEntity<Object>> delete(@PathVariable UUID instanceId) {
		return this.instances.delete(instanceId)
			.map((outcome) -> ProblemHandler.respond(outcome,
					(view) -> ResponseEntity.status(HttpStatus.ACCEPTED).body(view)));
	}

	@GetMapping(ApiPaths.INSTANCE_TASKS)
	Mono<ResponseEntity<Object>> tasks(@PathVariable UUID instanceId) {
		return this.instances.tasks(instanceId)
			.map((outcome) -> ProblemHandler.respond(outcome, (tasks) -> ResponseEntity.ok(tasks)));
	}

	private static URI location(UUID id) {
		return UriComponentsBuilder.fromPath(ApiPaths.INSTANCE).buildAndExpand(id).toUri();
	}

}
