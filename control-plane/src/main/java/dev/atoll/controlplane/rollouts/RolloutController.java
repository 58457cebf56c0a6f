package dev.atoll.controlplane.rollouts;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.CreateRolloutRequest;
import dev.atoll.api.RolloutView;
import dev.atoll.controlplane.system.EntityTags;
import dev.atoll.controlplane.system.ProblemHandler;
import dev.atoll.controlplane.system.Versioned;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/** {@code /api/v1/rollouts}: create, list, read with progress, pause, resume, abort. */
@RestController
class RolloutController {

	private final Rollouts rollouts;

	RolloutController(Rollouts rollouts) {
		this.rollouts = rollouts;
	}

	/**
	 * 201 with the rollout (Pending), its Location and ETag; a replayed idempotency key
	 * answers the same, with {@code Idempotent-Replayed: true}.
	 */
	@PostMapping(ApiPaths.ROLLOUTS)
	Mono<ResponseEntity<Object>> create(@RequestBody CreateRolloutRequest request,
			@RequestHeader(name = ApiPaths.IDEMPOTENCY_KEY, required = false) String idempotencyKey) {
		return this.rollouts.create(request, Optional.ofNullable(idempotencyKey))
			.map((outcome) -> ProblemHandler.respond(outcome,
					(created) -> created.respond(UriComponentsBuilder.fromPath(ApiPaths.ROLLOUT)
						.buildAndExpand(created.resource().value().id())
						.toUri())));
	}

	/** One page (default 100), newest first. */
	@GetMapping(ApiPaths.ROLLOUTS)
	Mono<ResponseEntity<Object>> list(@RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String cursor) {
		return this.rollouts.list(limit, cursor)
			.map((outcome) -> ProblemHandler.respond(outcome, (page) -> page.respond(ApiPaths.ROLLOUTS, Map.of())));
	}

	/** 304 without a body when {@code If-None-Match} names the current version. */
	@GetMapping(ApiPaths.ROLLOUT)
	Mono<ResponseEntity<Object>> get(@PathVariable UUID rolloutId,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
		return this.rollouts.get(rolloutId).map((outcome) -> ProblemHandler.respond(outcome, (rollout) -> {
			if (ifNoneMatch != null && EntityTags.parse(ifNoneMatch).matchesWeakly(rollout.version())) {
				return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(rollout.etag()).build();
			}
			return ok(rollout);
		}));
	}

	/**
	 * 200 with the paused rollout; 409 unless Pending or Running; 412 on a stale
	 * If-Match.
	 */
	@PostMapping(ApiPaths.ROLLOUT_PAUSE)
	Mono<ResponseEntity<Object>> pause(@PathVariable UUID rolloutId,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		return control(rolloutId, Control.Pause, ifMatch);
	}

	/** 200 with the running rollout; 409 unless Paused; 412 on a stale If-Match. */
	@PostMapping(ApiPaths.ROLLOUT_RESUME)
	Mono<ResponseEntity<Object>> resume(@PathVariable UUID rolloutId,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		return control(rolloutId, Control.Resume, ifMatch);
	}

	/**
	 * 200 with the aborted rollout, every instance it moved moved back; 409 once it rolls
	 * back or has ended; 412 on a stale If-Match.
	 */
	@PostMapping(ApiPaths.ROLLOUT_ABORT)
	Mono<ResponseEntity<Object>> abort(@PathVariable UUID rolloutId,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		return control(rolloutId, Control.Abort, ifMatch);
	}

	private Mono<ResponseEntity<Object>> control(UUID id, Control action, String ifMatch) {
		return this.rollouts.control(id, action, Optional.ofNullable(ifMatch).map(EntityTags::parse))
			.map((outcome) -> ProblemHandler.respond(outcome, RolloutController::ok));
	}

	private static ResponseEntity<Object> ok(Versioned<RolloutView> rollout) {
		return ResponseEntity.ok().eTag(rollout.etag()).body(rollout.value());
	}

}
