package dev.atoll.controlplane.rollouts;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.CreateRolloutRequest;
import dev.atoll.api.InstanceView;
import dev.atoll.api.RolloutView;
import dev.atoll.controlplane.instances.Instances;
import dev.atoll.controlplane.system.Created;
import dev.atoll.controlplane.system.EntityTags;
import dev.atoll.controlplane.system.IdempotencyKeys;
import dev.atoll.controlplane.system.Outcome;
import dev.atoll.controlplane.system.Page;
import dev.atoll.controlplane.system.Problem;
import dev.atoll.controlplane.system.Versioned;
import dev.atoll.controlplane.system.Violation;
import dev.atoll.controlplane.systems.SystemCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Rollouts: created after complete validation (the revision exists, the selector selects
 * at least one instance of the system, each of them can boot the revision, none is in
 * another active rollout), read with their progress, paused, resumed and aborted by
 * operators. The reconciler does the rest.
 */
@Service
class Rollouts {

	private static final Logger log = LoggerFactory.getLogger(Rollouts.class);

	private final RolloutRepository rollouts;

	private final Instances instances;

	private final SystemCatalog systems;

	Rollouts(RolloutRepository rollouts, Instances instances, SystemCatalog systems) {
		this.rollouts = rollouts;
		this.instances = instances;
		this.systems = systems;
	}

	/**
	 * Creates a rollout. With an idempotency key, a repeat of the same request answers
	 * the same rollout again ({@code replayed}); with another request it is
	 * Unprocessable.
	 */
	Mono<Outcome<Created<RolloutView>>> create(CreateRolloutRequest request, Optional<String> idempotencyKey) {
		List<Violation> violations = new ArrayList<>(RolloutRules.check(request));
		idempotencyKey.ifPresent((key) -> violations.addAll(IdempotencyKeys.check(key)));
		if (!violations.isEmpty()) {
			return Mono.just(Outcome.failure(Problem.Invalid.of(violations)));
		}
		RolloutRepository.NewRollout rollout = RolloutRules.normalize(request);
		return this.systems.revision(rollout.system(), rollout.toRevision()).flatMap((spec) -> {
			if (spec.isEmpty()) {
				return Mono.just(invalid("toRevision", "system '" + rollout.system() + "' has no revision "
						+ rollout.toRevision() + "; register it under " + ApiPaths.SYSTEMS));
			}
			return this.instances.ofSystem(rollout.system(), RolloutRules.selector(rollout))
				.flatMap(
						(selected) -> selected.isEmpty()
								? Mono.just(invalid("selector",
										"selects no instance of system '" + rollout.system()
												+ "' (deleting ones excepted)"))
								: checkAndInsert(rollout, selected, idempotencyKey));
		});
	}

	private Mono<Outcome<Created<RolloutView>>> checkAndInsert(RolloutRepository.NewRollout rollout,
			List<InstanceView> selected, Optional<String> idempotencyKey) {
		return Flux.fromIterable(selected)
			.concatMap(
					(instance) -> this.instances.canBoot(instance, rollout.toRevision()).map((fits) -> switch (fits) {
						case Outcome.Success<Void> ok -> List.<Violation>of();
						case Outcome.Failure<Void>(Problem problem) -> ((Problem.Invalid) problem).errors()
							.stream()
							.map((violation) -> new Violation("toRevision",
									"instance '" + instance.name() + "': " + violation.message()))
							.toList();
					}))
			.collectList()
			.flatMap((found) -> {
				List<Violation> violations = found.stream().flatMap(List::stream).toList();
				if (!violations.isEmpty()) {
					return Mono.just(Outcome.<Created<RolloutView>>failure(Problem.Invalid.of(violations)));
				}
				AtomicReference<String> conflict = new AtomicReference<>();
				return this.rollouts
					.insert(idempotencyKey, RolloutRules.fingerprint(rollout), rollout, selected, conflict)
					.map((keyed) -> keyed.outcome(idempotencyKey.orElse(""),
							new Problem.Conflict(String.valueOf(conflict.get()))))
					.doOnNext((outcome) -> {
						if (outcome instanceof Outcome.Success<Created<RolloutView>>(Created<RolloutView> done)
								&& !done.replayed()) {
							log.info("Rollout {} created: {} instances of {} to revision {}",
									done.resource().value().id(), selected.size(), rollout.system(),
									rollout.toRevision());
						}
					});
			});
	}

	/** One page of the rollouts, newest first. */
	Mono<Outcome<Page<RolloutView>>> list(Integer limit, String cursor) {
		List<Violation> violations = new ArrayList<>();
		int size = Page.size(limit, violations);
		Optional<RolloutRepository.Cursor> after = Page.after(cursor, 2, violations).flatMap(Rollouts::cursor);
		if (cursor != null && after.isEmpty() && violations.isEmpty()) {
			violations.add(new Violation("cursor", "is not a cursor of this list; pass the one a Link header gave"));
		}
		if (!violations.isEmpty()) {
			return Mono.just(Outcome.failure(Problem.Invalid.of(violations)));
		}
		return this.rollouts.page(after, size + 1)
			.map((rows) -> Outcome.success(Page.of(rows, size,
					(rollout) -> List.of(rollout.createdAt().toString(), rollout.id().toString()))));
	}

	private static Optional<RolloutRepository.Cursor> cursor(List<String> keys) {
		try {
			return Optional.of(new RolloutRepository.Cursor(Instant.parse(keys.get(0)), UUID.fromString(keys.get(1))));
		}
		catch (DateTimeParseException | IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	Mono<Outcome<Versioned<RolloutView>>> get(UUID id) {
		return this.rollouts.find(id).map((found) -> found.map(Outcome::success).orElseGet(() -> notFound(id)));
	}

	/**
	 * Pauses, resumes or aborts the rollout; with {@code If-Match}, only when its version
	 * is still one of those named. Conflict when its state does not allow the action.
	 */
	Mono<Outcome<Versioned<RolloutView>>> control(UUID id, Control action, Optional<EntityTags> ifMatch) {
		return this.rollouts.control(id, action, (version) -> ifMatch.map((tags) -> tags.matches(version)).orElse(true))
			.map((found) -> found.map((controlled) -> switch (controlled.result()) {
				case Done -> {
					log.info("Rollout {}: {} by an operator, now {}", id, action, controlled.state());
					yield Outcome.success(controlled.rollout());
				}
				case Stale -> Outcome.<Versioned<RolloutView>>failure(new Problem.PreconditionFailed("rollout " + id
						+ " is at version " + EntityTags.of(controlled.version()) + ", not the one in If-Match"));
				case WrongState -> Outcome
					.<Versioned<RolloutView>>failure(new Problem.Conflict("rollout " + id + " is " + controlled.state()
							+ "; " + action.name().toLowerCase() + " applies to a rollout that is " + action.from()));
			}).orElseGet(() -> notFound(id)));
	}

	private static <T> Outcome<T> invalid(String field, String message) {
		return Outcome.failure(Problem.Invalid.of(List.of(new Violation(field, message))));
	}

	private static <T> Outcome<T> notFound(UUID id) {
		return Outcome.failure(new Problem.NotFound("no rollout " + id));
	}

}
