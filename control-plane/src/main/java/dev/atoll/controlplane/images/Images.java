package dev.atoll.controlplane.images;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.atoll.api.CreateImageRequest;
import dev.atoll.api.ImageView;
import dev.atoll.controlplane.system.Created;
import dev.atoll.controlplane.system.EntityTags;
import dev.atoll.controlplane.system.IdempotencyKeys;
import dev.atoll.controlplane.system.LabelSelector;
import dev.atoll.controlplane.system.Outcome;
import dev.atoll.controlplane.system.Page;
import dev.atoll.controlplane.system.Problem;
import dev.atoll.controlplane.system.Versioned;
import dev.atoll.controlplane.system.Violation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;

/** Registering, listing, reading and deleting boot images. */
@Service
class Images {

	private static final Logger log = LoggerFactory.getLogger(Images.class);

	private final ImageRepository images;

	private final JsonMapper json;

	Images(ImageRepository images, JsonMapper json) {
		this.images = images;
		this.json = json;
	}

	/**
	 * Registers an image version. With an idempotency key, a repeat of the same request
	 * answers the same image again ({@code replayed}).
	 */
	Mono<Outcome<Created<ImageView>>> create(CreateImageRequest request, Optional<String> idempotencyKey) {
		List<Violation> violations = ImageRules.check(request);
		idempotencyKey.ifPresent((key) -> violations.addAll(IdempotencyKeys.check(key)));
		if (!violations.isEmpty()) {
			return Mono.just(Outcome.failure(Problem.Invalid.of(violations)));
		}
		Map<String, String> labels = (request.labels() != null) ? new TreeMap<>(request.labels()) : Map.of();
		CreateImageRequest image = new CreateImageRequest(request.name(), request.version(), request.architecture(),
				request.sha256(), request.components(), labels);
		Mono<Outcome<Created<ImageView>>> created = idempotencyKey.isEmpty()
				? this.images.insert(image).map((inserted) -> Created.of(inserted, taken(image)))
				: this.images
					.insertOnce(idempotencyKey.get(), IdempotencyKeys.fingerprint(this.json.writeValueAsString(image)),
							image)
					.map((keyed) -> keyed.outcome(idempotencyKey.get(), taken(image)));
		return created.doOnNext((outcome) -> {
			if (outcome instanceof Outcome.Success<Created<ImageView>>(Created<ImageView> done) && !done.replayed()) {
				log.info("Image {} {} registered", image.name(), image.version());
			}
		});
	}

	private static Problem taken(CreateImageRequest image) {
		return new Problem.Conflict("image '" + image.name() + "' version '" + image.version()
				+ "' is already registered; images are immutable, register a new version");
	}

	/** One page of the images the selector selects, by name and version. */
	Mono<Outcome<Page<ImageView>>> list(String labelSelector, Integer limit, String cursor) {
		List<Violation> violations = new ArrayList<>();
		LabelSelector selector = LabelSelector.fromParameter(labelSelector, violations);
		int size = Page.size(limit, violations);
		Optional<List<String>> after = Page.after(cursor, 2, violations);
		if (!violations.isEmpty()) {
			return Mono.just(Outcome.failure(Problem.Invalid.of(violations)));
		}
		return this.images.list(selector, after, size + 1)
			.map((rows) -> Outcome.success(Page.of(rows, size, (image) -> List.of(image.name(), image.version()))));
	}

	Mono<Outcome<Versioned<ImageView>>> get(String name, String version) {
		return this.images.find(name, version)
			.map((found) -> found.map(Outcome::success).orElseGet(() -> notFound(name, version)));
	}

	/**
	 * Deletes an image version; with {@code If-Match}, only when it matches (an image
	 * never changes: its tag is {@code "1"}); Conflict while an instance names it.
	 */
	Mono<Outcome<Void>> delete(String name, String version, Optional<EntityTags> ifMatch) {
		return this.images.find(name, version).flatMap((found) -> {
			if (found.isEmpty()) {
				return Mono.just(notFound(name, version));
			}
			if (ifMatch.isPresent() && !ifMatch.get().matches(found.get().version())) {
				return Mono.just(Outcome.failure(new Problem.PreconditionFailed("image '" + name + "' version '"
						+ version + "' is at " + found.get().etag() + ", not the one in If-Match")));
			}
			return this.images.delete(name, version).map((deletion) -> switch (deletion) {
				case Deleted -> {
					log.info("Image {} {} deleted", name, version);
					yield Outcome.<Void>success(null);
				}
				case Absent -> notFound(name, version);
				case InUse -> Outcome.failure(new Problem.Conflict(
						"image '" + name + "' version '" + version + "' is booted by instances; delete them first"));
			});
		});
	}

	private static <T> Outcome<T> notFound(String name, String version) {
		return Outcome.failure(new Problem.NotFound("no image '" + name + "' version '" + version + "'"));
	}

}
