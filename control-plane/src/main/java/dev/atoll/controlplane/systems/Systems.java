package dev.atoll.controlplane.systems;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.CreateSystemRequest;
import dev.atoll.api.SystemDiff;
import dev.atoll.api.SystemPatch;
import dev.atoll.api.SystemRevisionView;
import dev.atoll.api.SystemSpec;
import dev.atoll.api.SystemView;
import dev.atoll.controlplane.system.Created;
import dev.atoll.controlplane.system.EntityTags;
import dev.atoll.controlplane.system.IdempotencyKeys;
import dev.atoll.controlplane.system.LabelSelector;
import dev.atoll.controlplane.system.Labels;
import dev.atoll.controlplane.system.Names;
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

/**
 * Systems: named configurations whose every change of spec makes an immutable revision.
 * Every request is validated completely before anything is stored; a dry run validates
 * and answers the diff against a revision instead of storing.
 */
@Service
class Systems {

	private static final Logger log = LoggerFactory.getLogger(Systems.class);

	private final SystemRepository systems;

	private final JsonMapper json;

	Systems(SystemRepository systems, JsonMapper json) {
		this.systems = systems;
		this.json = json;
	}

	/**
	 * Creates a system and its revision 1. With an idempotency key, a repeat of the same
	 * request answers the same system again ({@code replayed}).
	 */
	Mono<Outcome<Created<SystemView>>> create(CreateSystemRequest request, Optional<String> idempotencyKey) {
		List<Violation> violations = check(request);
		idempotencyKey.ifPresent((key) -> violations.addAll(IdempotencyKeys.check(key)));
		if (!violations.isEmpty()) {
			return Mono.just(Outcome.failure(Problem.Invalid.of(violations)));
		}
		Map<String, String> labels = labels(request.labels());
		SystemSpec spec = SystemRules.normalize(request.spec());
		Mono<Outcome<Created<SystemView>>> created = idempotencyKey.isEmpty()
				? this.systems.insert(request.name(), labels, spec)
					.map((inserted) -> Created.of(inserted, nameTaken(request.name())))
				: this.systems
					.insertOnce(idempotencyKey.get(),
							IdempotencyKeys.fingerprint(this.json
								.writeValueAsString(new CreateSystemRequest(request.name(), labels, spec))),
							request.name(), labels, spec)
					.map((keyed) -> keyed.outcome(idempotencyKey.get(), nameTaken(request.name())));
		return created.doOnNext((outcome) -> {
			if (outcome instanceof Outcome.Success<Created<SystemView>>(Created<SystemView> done) && !done.replayed()) {
				log.info("System {} created", request.name());
			}
		});
	}

	private static Problem nameTaken(String name) {
		return new Problem.Conflict("a system named '" + name + "' already exists");
	}

	/** Validates a create and answers its diff against nothing: every task is added. */
	Mono<Outcome<SystemDiff>> dryRunCreate(CreateSystemRequest request, Integer against) {
		List<Violation> violations = check(request);
		if (against != null) {
			violations.add(new Violation(ApiPaths.AGAINST, "a new system has no revision to compare with"));
		}
		if (!violations.isEmpty()) {
			return Mono.just(Outcome.failure(Problem.Invalid.of(violations)));
		}
		return Mono.just(Outcome.success(SystemDiffs.between(null, null, SystemRules.normalize(request.spec()))));
	}

	private static List<Violation> check(CreateSystemRequest request) {
		List<Violation> violations = new ArrayList<>();
		Names.check("name", request.name(), violations);
		violations.addAll(Labels.check("labels", request.labels()));
		violations.addAll(SystemRules.check("spec", request.spec()));
		return violations;
	}

	/** One page of the systems the selector selects, by name. */
	Mono<Outcome<Page<SystemView>>> list(String labelSelector, Integer limit, String cursor) {
		List<Violation> violations = new ArrayList<>();
		LabelSelector selector = LabelSelector.fromParameter(labelSelector, violations);
		int size = Page.size(limit, violations);
		Optional<List<String>> after = Page.after(cursor, 1, violations);
		if (!violations.isEmpty()) {
			return Mono.just(Outcome.failure(Problem.Invalid.of(violations)));
		}
		return this.systems.list(selector, after.map(List::getFirst), size + 1)
			.map((rows) -> Outcome.success(Page.of(rows, size, (system) -> List.of(system.name()))));
	}

	Mono<Outcome<Versioned<SystemView>>> get(String name) {
		return this.systems.find(name).map((found) -> found.map(Outcome::success).orElseGet(() -> notFound(name)));
	}

	/**
	 * Replaces the labels and makes a new revision of the spec, each when given and
	 * different; with {@code If-Match}, only when the system is still at one of those
	 * versions.
	 */
	Mono<Outcome<Versioned<SystemView>>> patch(String name, SystemPatch patch, Optional<EntityTags> ifMatch) {
		List<Violation> violations = check(patch);
		if (!violations.isEmpty()) {
			return Mono.just(Outcome.failure(Problem.Invalid.of(violations)));
		}
		return this.systems
			.update(name, Optional.ofNullable(patch.labels()).map(Systems::labels),
					Optional.ofNullable(patch.spec()).map(SystemRules::normalize),
					(version) -> ifMatch.map((tags) -> tags.matches(version)).orElse(true))
			.map((updated) -> updated.map((update) -> {
				if (!update.accepted()) {
					return Outcome.<Versioned<SystemView>>failure(stale(name, update.system().version()));
				}
				if (update.newRevision()) {
					log.info("System {} revision {}", name, update.system().value().revision());
				}
				return Outcome.success(update.system());
			}).orElseGet(() -> notFound(name)));
	}

	/**
	 * Validates a patch and answers the diff of the spec it would store against revision
	 * {@code against} (default: the latest).
	 */
	Mono<Outcome<SystemDiff>> dryRunPatch(String name, SystemPatch patch, Integer against) {
		List<Violation> violations = check(patch);
		if (!violations.isEmpty()) {
			return Mono.just(Outcome.failure(Problem.Invalid.of(violations)));
		}
		return this.systems.find(name).flatMap((found) -> {
			if (found.isEmpty()) {
				return Mono.just(notFound(name));
			}
			SystemView current = found.get().value();
			SystemSpec after = (patch.spec() != null) ? SystemRules.normalize(patch.spec()) : current.spec();
			if (against == null || against == current.revision()) {
				return Mono.just(Outcome.success(SystemDiffs.between(current.revision(), current.spec(), after)));
			}
			return this.systems.revision(name, against)
				.map((base) -> base
					.map((revision) -> Outcome.success(SystemDiffs.between(against, revision.spec(), after)))
					.orElseGet(() -> Outcome.failure(Problem.Invalid.of(List
						.of(new Violation(ApiPaths.AGAINST, "system '" + name + "' has no revision " + against))))));
		});
	}

	private static List<Violation> check(SystemPatch patch) {
		List<Violation> violations = new ArrayList<>(Labels.check("labels", patch.labels()));
		if (patch.spec() != null) {
			violations.addAll(SystemRules.check("spec", patch.spec()));
		}
		return violations;
	}

	/**
	 * Deletes the system and its revisions; Conflict while an instance boots one of its
	 * revisions.
	 */
	Mono<Outcome<Void>> delete(String name, Optional<EntityTags> ifMatch) {
		return this.systems.delete(name, (version) -> ifMatch.map((tags) -> tags.matches(version)).orElse(true))
			.map((deleted) -> deleted.map((deletion) -> switch (deletion) {
				case SystemRepository.Deletion.Deleted done -> {
					log.info("System {} deleted", name);
					yield Outcome.<Void>success(null);
				}
				case SystemRepository.Deletion.Refused(long version) -> Outcome.<Void>failure(stale(name, version));
				case SystemRepository.Deletion.InUse(List<String> instances) ->
					Outcome.<Void>failure(new Problem.Conflict(
							"system '" + name + "' is booted by instances (" + String.join(", ", instances)
									+ (instances.size() == 5 ? ", ..." : "") + "); delete them first"));
			}).orElseGet(() -> notFound(name)));
	}

	/** One page of the system's revisions, oldest first. */
	Mono<Outcome<Page<SystemRevisionView>>> revisions(String name, Integer limit, String cursor) {
		List<Violation> violations = new ArrayList<>();
		int size = Page.size(limit, violations);
		Optional<Integer> after = Page.after(cursor, 1, violations).flatMap((keys) -> revisionNumber(keys.getFirst()));
		if (cursor != null && after.isEmpty() && violations.isEmpty()) {
			violations.add(new Violation("cursor", "is not a cursor of this list; pass the one a Link header gave"));
		}
		if (!violations.isEmpty()) {
			return Mono.just(Outcome.failure(Problem.Invalid.of(violations)));
		}
		return this.systems.revisions(name, after.orElse(0), size + 1)
			.map((found) -> found
				.map((rows) -> Outcome
					.success(Page.of(rows, size, (revision) -> List.of(Integer.toString(revision.revision())))))
				.orElseGet(() -> notFound(name)));
	}

	Mono<Outcome<SystemRevisionView>> revision(String name, int revision) {
		return this.systems.revision(name, revision)
			.map((found) -> found.map(Outcome::success)
				.orElseGet(() -> Outcome
					.failure(new Problem.NotFound("system '" + name + "' has no revision " + revision))));
	}

	private static Optional<Integer> revisionNumber(String text) {
		try {
			return Optional.of(Integer.parseInt(text));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

	/** Labels as stored: sorted, so that equal maps serialize alike; none is empty. */
	private static Map<String, String> labels(Map<String, String> labels) {
		return (labels != null) ? new TreeMap<>(labels) : Map.of();
	}

	private static Problem stale(String name, long version) {
		return new Problem.PreconditionFailed(
				"system '" + name + "' is at version " + EntityTags.of(version) + ", not the one in If-Match");
	}

	private static <T> Outcome<T> notFound(String name) {
		return Outcome.failure(new Problem.NotFound("no system '" + name + "'"));
	}

}
