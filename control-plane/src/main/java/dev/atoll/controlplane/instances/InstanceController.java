package dev.atoll.controlplane.instances;

import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.CreateInstanceRequest;
import dev.atoll.api.InstancePatch;
import dev.atoll.api.InstanceView;
import dev.atoll.controlplane.system.EntityTags;
import dev.atoll.controlplane.system.LabelSelector;
import dev.atoll.controlplane.system.ProblemHandler;
import dev.atoll.controlplane.system.Versioned;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/** The user-facing instance API: create, list, get, patch, delete, tasks, events. */
@RestController
class InstanceController {

	private final Instances instances;

	InstanceController(Instances instances) {
		this.instances = instances;
	}

	/**
	 * 201 with the instance, its Location and ETag; a replayed idempotency key answers
	 * the same, with {@code Idempotent-Replayed: true}.
	 */
	@PostMapping(ApiPaths.INSTANCES)
	Mono<ResponseEntity<Object>> create(@RequestBody CreateInstanceRequest request,
			@RequestHeader(name = ApiPaths.IDEMPOTENCY_KEY, required = false) String idempotencyKey) {
		return this.instances.create(request, Optional.ofNullable(idempotencyKey))
			.map((outcome) -> ProblemHandler.respond(outcome,
					(created) -> created.respond(location(created.resource().value().id()))));
	}

	/**
	 * Without {@code limit} and {@code cursor}: every instance (the label selector
	 * selects), as ever. With either: one page, the same JSON list, and
	 * {@code Link: <...>; rel="next"} when more follow.
	 */
	@GetMapping(ApiPaths.INSTANCES)
	Mono<ResponseEntity<Object>> list(@RequestParam(name = LabelSelector.PARAMETER, required = false) String selector,
			@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
		return this.instances.page(selector, limit, cursor)
			.map((outcome) -> ProblemHandler.respond(outcome, (page) -> page.respond(ApiPaths.INSTANCES,
					Collections.singletonMap(LabelSelector.PARAMETER, selector))));
	}

	/** 304 without a body when {@code If-None-Match} names the current version. */
	@GetMapping(ApiPaths.INSTANCE)
	Mono<ResponseEntity<Object>> get(@PathVariable UUID instanceId,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
		return this.instances.get(instanceId).map((outcome) -> ProblemHandler.respond(outcome, (instance) -> {
			if (ifNoneMatch != null && EntityTags.parse(ifNoneMatch).matchesWeakly(instance.version())) {
				return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(instance.etag()).build();
			}
			return ResponseEntity.ok().eTag(instance.etag()).body(instance.value());
		}));
	}

	/**
	 * With {@code If-Match}, 412 unless the instance is still at one of those versions.
	 */
	@DeleteMapping(ApiPaths.INSTANCE)
	Mono<ResponseEntity<Object>> delete(@PathVariable UUID instanceId,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		return this.instances.delete(instanceId, Optional.ofNullable(ifMatch).map(EntityTags::parse))
			.map((outcome) -> ProblemHandler.respond(outcome,
					(view) -> ResponseEntity.status(HttpStatus.ACCEPTED).body(view)));
	}

	/**
	 * 200 with the instance after the change and its ETag; 412 when {@code If-Match}
	 * names another version; 409 while it is being deleted.
	 */
	@PatchMapping(path = ApiPaths.INSTANCE,
			consumes = { MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json" })
	Mono<ResponseEntity<Object>> patch(@PathVariable UUID instanceId, @RequestBody InstancePatch patch,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		return this.instances.patch(instanceId, patch, Optional.ofNullable(ifMatch).map(EntityTags::parse))
			.map((outcome) -> ProblemHandler.respond(outcome,
					(instance) -> ResponseEntity.ok().eTag(instance.etag()).body(instance.value())));
	}

	@GetMapping(ApiPaths.INSTANCE_EVENTS)
	Mono<ResponseEntity<Object>> events(@PathVariable UUID instanceId) {
		return this.instances.events(instanceId)
			.map((outcome) -> ProblemHandler.respond(outcome, (events) -> ResponseEntity.ok(events)));
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
