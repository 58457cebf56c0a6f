package dev.atoll.controlplane.systems;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.CreateSystemRequest;
import dev.atoll.api.SystemPatch;
import dev.atoll.api.SystemView;
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

/** {@code /api/v1/systems}: create, list, read, patch, delete; revisions; dry runs. */
@RestController
class SystemController {

	private final Systems systems;

	SystemController(Systems systems) {
		this.systems = systems;
	}

	/**
	 * 201 with the system, its Location and ETag (a replayed idempotency key answers the
	 * same, with {@code Idempotent-Replayed: true}); with {@code ?dryRun=true}, 200 and
	 * the diff, nothing stored.
	 */
	@PostMapping(ApiPaths.SYSTEMS)
	Mono<ResponseEntity<Object>> create(@RequestBody CreateSystemRequest request,
			@RequestHeader(name = ApiPaths.IDEMPOTENCY_KEY, required = false) String idempotencyKey,
			@RequestParam(name = ApiPaths.DRY_RUN, defaultValue = "false") boolean dryRun,
			@RequestParam(name = ApiPaths.AGAINST, required = false) Integer against) {
		if (dryRun) {
			return this.systems.dryRunCreate(request, against)
				.map((outcome) -> ProblemHandler.respond(outcome, (diff) -> ResponseEntity.ok(diff)));
		}
		return this.systems.create(request, Optional.ofNullable(idempotencyKey))
			.map((outcome) -> ProblemHandler.respond(outcome,
					(created) -> created.respond(UriComponentsBuilder.fromPath(ApiPaths.SYSTEM)
						.buildAndExpand(created.resource().value().name())
						.encode()
						.toUri())));
	}

	/** One page (default 100) by name, filtered by label selector. */
	@GetMapping(ApiPaths.SYSTEMS)
	Mono<ResponseEntity<Object>> list(@RequestParam(name = LabelSelector.PARAMETER, required = false) String selector,
			@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
		return this.systems.list(selector, limit, cursor)
			.map((outcome) -> ProblemHandler.respond(outcome, (page) -> page.respond(ApiPaths.SYSTEMS,
					Collections.singletonMap(LabelSelector.PARAMETER, selector))));
	}

	/** 304 without a body when {@code If-None-Match} names the current version. */
	@GetMapping(ApiPaths.SYSTEM)
	Mono<ResponseEntity<Object>> get(@PathVariable String name,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
		return this.systems.get(name).map((outcome) -> ProblemHandler.respond(outcome, (system) -> {
			if (ifNoneMatch != null && EntityTags.parse(ifNoneMatch).matchesWeakly(system.version())) {
				return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(system.etag()).build();
			}
			return ResponseEntity.ok().eTag(system.etag()).body(system.value());
		}));
	}

	/**
	 * 200 with the system after the patch and its ETag; 412 when {@code If-Match} names
	 * another version; with {@code ?dryRun=true}, 200 and the diff against revision
	 * {@code against} (default: the latest), nothing stored.
	 */
	@PatchMapping(path = ApiPaths.SYSTEM,
			consumes = { MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json" })
	Mono<ResponseEntity<Object>> patch(@PathVariable String name, @RequestBody SystemPatch patch,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@RequestParam(name = ApiPaths.DRY_RUN, defaultValue = "false") boolean dryRun,
			@RequestParam(name = ApiPaths.AGAINST, required = false) Integer against) {
		if (dryRun) {
			return this.systems.dryRunPatch(name, patch, against)
				.map((outcome) -> ProblemHandler.respond(outcome, (diff) -> ResponseEntity.ok(diff)));
		}
		return this.systems.patch(name, patch, Optional.ofNullable(ifMatch).map(EntityTags::parse))
			.map((outcome) -> ProblemHandler.respond(outcome,
					(system) -> ResponseEntity.ok().eTag(system.etag()).body(system.value())));
	}

	/** 204; 409 while an instance boots one of its revisions; 412 on a stale If-Match. */
	@DeleteMapping(ApiPaths.SYSTEM)
	Mono<ResponseEntity<Object>> delete(@PathVariable String name,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		return this.systems.delete(name, Optional.ofNullable(ifMatch).map(EntityTags::parse))
			.map((outcome) -> ProblemHandler.respond(outcome, (deleted) -> ResponseEntity.noContent().build()));
	}

	/** One page (default 100) of the revisions, oldest first. */
	@GetMapping(ApiPaths.SYSTEM_REVISIONS)
	Mono<ResponseEntity<Object>> revisions(@PathVariable String name, @RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor) {
		String path = UriComponentsBuilder.fromPath(ApiPaths.SYSTEM_REVISIONS).buildAndExpand(name).toUriString();
		return this.systems.revisions(name, limit, cursor)
			.map((outcome) -> ProblemHandler.respond(outcome, (page) -> page.respond(path, Map.of())));
	}

	@GetMapping(ApiPaths.SYSTEM_REVISION)
	Mono<ResponseEntity<Object>> revision(@PathVariable String name, @PathVariable int revision) {
		return this.systems.revision(name, revision)
			.map((outcome) -> ProblemHandler.respond(outcome, (view) -> ResponseEntity.ok(view)));
	}

}
