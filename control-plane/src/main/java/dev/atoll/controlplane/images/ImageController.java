package dev.atoll.controlplane.images;

import java.util.Collections;
import java.util.Optional;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.CreateImageRequest;
import dev.atoll.controlplane.system.EntityTags;
import dev.atoll.controlplane.system.LabelSelector;
import dev.atoll.controlplane.system.ProblemHandler;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/** {@code /api/v1/images}: register, list, read and delete boot images. */
@RestController
class ImageController {

	private final Images images;

	ImageController(Images images) {
		this.images = images;
	}

	/**
	 * 201 with the image, its Location and ETag; a replayed idempotency key answers the
	 * same, with {@code Idempotent-Replayed: true}.
	 */
	@PostMapping(ApiPaths.IMAGES)
	Mono<ResponseEntity<Object>> create(@RequestBody CreateImageRequest request,
			@RequestHeader(name = ApiPaths.IDEMPOTENCY_KEY, required = false) String idempotencyKey) {
		return this.images.create(request, Optional.ofNullable(idempotencyKey))
			.map((outcome) -> ProblemHandler.respond(outcome,
					(created) -> created.respond(UriComponentsBuilder.fromPath(ApiPaths.IMAGE)
						.buildAndExpand(created.resource().value().name(), created.resource().value().version())
						.encode()
						.toUri())));
	}

	/** One page (default 100) by name and version, filtered by label selector. */
	@GetMapping(ApiPaths.IMAGES)
	Mono<ResponseEntity<Object>> list(@RequestParam(name = LabelSelector.PARAMETER, required = false) String selector,
			@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
		return this.images.list(selector, limit, cursor)
			.map((outcome) -> ProblemHandler.respond(outcome, (page) -> page.respond(ApiPaths.IMAGES,
					Collections.singletonMap(LabelSelector.PARAMETER, selector))));
	}

	/** 304 without a body when {@code If-None-Match} names it. */
	@GetMapping(ApiPaths.IMAGE)
	Mono<ResponseEntity<Object>> get(@PathVariable String name, @PathVariable String version,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
		return this.images.get(name, version).map((outcome) -> ProblemHandler.respond(outcome, (image) -> {
			if (ifNoneMatch != null && EntityTags.parse(ifNoneMatch).matchesWeakly(image.version())) {
				return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(image.etag()).build();
			}
			return ResponseEntity.ok().eTag(image.etag()).body(image.value());
		}));
	}

	/** 204; 409 while an instance names it; 412 on a stale If-Match. */
	@DeleteMapping(ApiPaths.IMAGE)
	Mono<ResponseEntity<Object>> delete(@PathVariable String name, @PathVariable String version,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		return this.images.delete(name, version, Optional.ofNullable(ifMatch).map(EntityTags::parse))
			.map((outcome) -> ProblemHandler.respond(outcome, (deleted) -> ResponseEntity.noContent().build()));
	}

}
