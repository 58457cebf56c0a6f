package dev.atoll.controlplane.system;

import java.net.URI;
import java.util.Optional;

import dev.atoll.api.ApiPaths;

import org.springframework.http.ResponseEntity;

/**
 * What a POST created, and how every collection answers it: 201 with the resource, its
 * {@code Location} and {@code ETag}, and {@code Idempotent-Replayed: true} when it is the
 * remembered answer to an earlier request with the same idempotency key.
 *
 * @param <T> the wire type of the resource
 * @param resource the resource as created
 * @param replayed true for a replayed answer
 */
public record Created<T>(Versioned<T> resource, boolean replayed) {

	/**
	 * A creation without idempotency key: {@code notCreated} when nothing was inserted.
	 */
	public static <T> Outcome<Created<T>> of(Optional<Versioned<T>> inserted, Problem notCreated) {
		return inserted.map((resource) -> Outcome.success(new Created<>(resource, false)))
			.orElseGet(() -> Outcome.failure(notCreated));
	}

	public ResponseEntity<Object> respond(URI location) {
		ResponseEntity.BodyBuilder created = ResponseEntity.created(location).eTag(this.resource.etag());
		if (this.replayed) {
			created.header(ApiPaths.IDEMPOTENT_REPLAYED, "true");
		}
		return created.body(this.resource.value());
	}

}
