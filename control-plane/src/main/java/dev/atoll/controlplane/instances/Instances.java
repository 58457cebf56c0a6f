package dev.atoll.controlplane.instances;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.CreateInstanceRequest;
import dev.atoll.api.DesiredInstance;
import dev.atoll.api.EndpointList;
import dev.atoll.api.ImageView;
import dev.atoll.api.InstanceEvent;
import dev.atoll.api.InstanceHistory;
import dev.atoll.api.InstancePatch;
import dev.atoll.api.InstanceReport;
import dev.atoll.api.InstanceView;
import dev.atoll.api.NodeHeartbeat;
import dev.atoll.api.SystemSpec;
import dev.atoll.api.TaskList;
import dev.atoll.controlplane.images.ImageCatalog;
import dev.atoll.controlplane.nodes.NodeRegistry;
import dev.atoll.controlplane.system.Created;
import dev.atoll.controlplane.system.EntityTags;
import dev.atoll.controlplane.system.IdempotencyKeys;
import dev.atoll.controlplane.system.LabelSelector;
import dev.atoll.controlplane.system.Outcome;
import dev.atoll.controlplane.system.Page;
import dev.atoll.controlplane.system.Problem;
import dev.atoll.controlplane.system.Versioned;
import dev.atoll.controlplane.system.Violation;
import dev.atoll.controlplane.systems.SystemCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Instance lifecycle: create (validated, then pending until the scheduler places it),
 * read, delete (the node stops it, then it is purged), and the node side: assignments and
 * reports.
 */
@Service
public class Instances {

	private static final Logger log = LoggerFactory.getLogger(Instances.class);

	private final InstanceRepository instances;

	private final NodeRegistry nodes;

	private final ApplicationEventPublisher events;

	private final SystemCatalog systems;

	private final ImageCatalog images;

	Instances(InstanceRepository instances, NodeRegistry nodes, ApplicationEventPublisher events, SystemCatalog systems,
			ImageCatalog images) {
		this.instances = instances;
		this.nodes = nodes;
		this.events = events;
		this.systems = systems;
		this.images = images;
	}

	/**
	 * Creates an instance. With an idempotency key, the first request with that key
	 * creates it and a repeat with the same request answers the same instance again
	 * ({@code replayed}); a repeat with another request is Unprocessable.
	 */
	public Mono<Outcome<Created<InstanceView>>> create(CreateInstanceRequest request, Optional<String> idempotencyKey) {
		List<Violation> violations = new ArrayList<>(InstanceRules.check(request));
		idempotencyKey.ifPresent((key) -> violations.addAll(IdempotencyKeys.check(key)));
		if (!violations.isEmpty()) {
			return Mono.just(Outcome.failure(Problem.Invalid.of(violations)));
		}
		return resolve(request).flatMap((resolved) -> switch (resolved) {
			case Outcome.Success<CreateInstanceRequest>(CreateInstanceRequest effective) ->
				insert(effective, idempotencyKey);
			case Outcome.Failure<CreateInstanceRequest>(Problem problem) -> Mono.just(Outcome.failure(problem));
		});
	}

	/**
	 * Validates a create request as {@link #create} does, and creates nothing.
	 * @return the request with its defaults; Invalid naming every violation
	 */
	public Mono<Outcome<CreateInstanceRequest>> check(CreateInstanceRequest request) {
		List<Violation> violations = InstanceRules.check(request);
		if (!violations.isEmpty()) {
			return Mono.just(Outcome.failure(Problem.Invalid.of(violations)));
		}
		return resolve(request);
	}

	/**
	 * Checks the system revision and image version the request names (they must be
	 * registered, the instance's memory must hold the revision's, and the image must hold
	 * every program the revision runs); answers the request with its memory defaulted to
	 * the revision's.
	 */
	private Mono<Outcome<CreateInstanceRequest>> resolve(CreateInstanceRequest request) {
		Mono<Optional<SystemSpec>> revision = (request.systemRevision() != null)
				? this.systems.revision(request.system(), request.systemRevision()) : Mono.just(Optional.empty());
		Mono<Optional<ImageView>> image = (request.imageVersion() != null)
				? this.images.find(request.image(), request.imageVersion()) : Mono.just(Optional.empty());
		return Mono.zip(revision, image).map((found) -> {
			List<Violation> violations = new ArrayList<>();
			Optional<SystemSpec> spec = found.getT1();
			if (request.systemRevision() != null && spec.isEmpty()) {
				violations.add(new Violation("systemRevision", "system '" + request.system() + "' has no revision "
						+ request.systemRevision() + "; register it under " + ApiPaths.SYSTEMS));
			}
			if (request.imageVersion() != null && found.getT2().isEmpty()) {
				violations.add(new Violation("imageVersion", "image '" + request.image() + "' has no version '"
						+ request.imageVersion() + "'; register it under " + ApiPaths.IMAGES));
			}
			Integer memoryMb = request.memoryMb();
			if (spec.isPresent()) {
				int needed = spec.get().memoryMb();
				if (memoryMb == null) {
					memoryMb = needed;
				}
				else if (memoryMb < needed) {
					violations.add(new Violation("memoryMb", "must be at least " + needed + ", the memory system '"
							+ request.system() + "' revision " + request.systemRevision() + " is laid out for"));
				}
				found.getT2()
					.ifPresent(
							(registered) -> violations.addAll(InstanceRules.missingPrograms(spec.get(), registered)));
			}
			if (!violations.isEmpty()) {
				return Outcome.<CreateInstanceRequest>failure(Problem.Invalid.of(violations));
			}
			return Outcome
				.success(new CreateInstanceRequest(request.name(), request.system(), request.image(), memoryMb,
						request.labels(), request.nodeSelector(), request.systemRevision(), request.imageVersion()));
		});
	}

	private Mono<Outcome<Created<InstanceView>>> insert(CreateInstanceRequest request,
			Optional<String> idempotencyKey) {
		Mono<Outcome<Created<InstanceView>>> created = idempotencyKey.isEmpty()
				? this.instances.insert(request).map((inserted) -> Created.of(inserted, nameTaken(request.name())))
				: this.instances.insertOnce(idempotencyKey.get(), InstanceRules.fingerprint(request), request)
					.map((keyed) -> keyed.outcome(idempotencyKey.get(), nameTaken(request.name())));
		return created.doOnNext((outcome) -> {
			if (outcome instanceof Outcome.Success<Created<InstanceView>>(Created<InstanceView> done)
					&& !done.replayed()) {
				InstanceView view = done.resource().value();
				log.info("Instance {} created as {} ({} MB)", view.name(), view.id(), view.memoryMb());
				this.events.publishEvent(new InstanceCreated(view.id()));
			}
		});
	}

	private static Problem nameTaken(String name) {
		return new Problem.Conflict("an instance named '" + name + "' already exists");
	}

	/** Every instance, oldest first. */
	public Mono<List<InstanceView>> list() {
		return this.instances.list(LabelSelector.EVERYTHING);
	}

	/** Every instance the selector selects, oldest first. */
	public Mono<List<InstanceView>> list(LabelSelector selector) {
		return this.instances.list(selector);
	}

	/** The system's instances (not being deleted) that the selector selects, by name. */
	public Mono<List<InstanceView>> ofSystem(String system, LabelSelector selector) {
		return this.instances.ofSystem(system, selector);
	}

	/** One instance; empty when there is none. */
	public Mono<Optional<InstanceView>> find(UUID id) {
		return this.instances.find(id).map((found) -> found.map(Versioned::value));
	}

	/** The instances of those ids that still exist, by id, read in one query. */
	public Mono<Map<UUID, InstanceView>> findAll(Collection<UUID> ids) {
		return this.instances.findAll(ids);
	}

	/**
	 * The instances the label selector (on their labels) selects, oldest first: without
	 * {@code limit} and {@code cursor} every one, as a page without a next; with either,
	 * at most {@code limit} (default {@value Page#DEFAULT_SIZE}, at most
	 * {@value Page#MAX_SIZE}) after the cursor, and the next cursor when more follow.
	 */
	Mono<Outcome<Page<InstanceView>>> page(String labelSelector, Integer limit, String cursor) {
		List<Violation> violations = new ArrayList<>();
		LabelSelector selector = LabelSelector.fromParameter(labelSelector, violations);
		int size = Page.size(limit, violations);
		Optional<InstanceCursor> after = Page.after(cursor, 2, violations).flatMap(InstanceCursor::of);
		if (cursor != null && after.isEmpty() && violations.isEmpty()) {
			violations.add(new Violation("cursor", "is not a cursor of this list; pass the one a Link header gave"));
		}
		if (!violations.isEmpty()) {
			return Mono.just(Outcome.failure(Problem.Invalid.of(violations)));
		}
		if (limit == null && cursor == null) {
			return this.instances.list(selector)
				.map((views) -> Outcome.success(new Page<>(views, Optional.empty(), views.size())));
		}
		return this.instances.page(selector, after, size + 1)
			.map((views) -> Outcome.success(Page.of(views, size, InstanceCursor::keys)));
	}

	Mono<Outcome<Versioned<InstanceView>>> get(UUID id) {
		return this.instances.find(id).map((found) -> found.map(Outcome::success).orElseGet(() -> notFound(id)));
	}

	Mono<Outcome<List<InstanceEvent>>> events(UUID id) {
		return this.instances.events(id).map((found) -> found.map(Outcome::success).orElseGet(() -> notFound(id)));
	}

	Mono<Outcome<TaskList>> tasks(UUID id) {
		return this.instances.tasks(id).map((found) -> found.map(Outcome::success).orElseGet(() -> notFound(id)));
	}

	Mono<Outcome<EndpointList>> endpoints(UUID id) {
		return this.instances.endpoints(id).map((found) -> found.map(Outcome::success).orElseGet(() -> notFound(id)));
	}

	Mono<Outcome<InstanceHistory>> history(UUID id) {
		return this.instances.history(id).map((found) -> found.map(Outcome::success).orElseGet(() -> notFound(id)));
	}

	/**
	 * Marks the instance deleting, or purges it when no live node runs it. With
	 * {@code If-Match}, only when its version is still one of those named.
	 */
	Mono<Outcome<InstanceView>> delete(UUID id, Optional<EntityTags> ifMatch) {
		return delete(id, ifMatch, Optional.empty());
	}

	/**
	 * Tears the instance down through the normal deletion path (its node stops it, then
	 * it is purged), recording {@code reason} and {@code message} as an event the first
	 * time. Repeating it is harmless.
	 * @return the instance marked deleting; NotFound once it is gone
	 */
	public Mono<Outcome<InstanceView>> tearDown(UUID id, InstanceEvent.Reason reason, String message) {
		return delete(id, Optional.empty(), Optional.of(new InstanceEvent(null, reason, message)));
	}

	private Mono<Outcome<InstanceView>> delete(UUID id, Optional<EntityTags> ifMatch, Optional<InstanceEvent> event) {
		return this.instances.find(id).flatMap((found) -> {
			if (found.isEmpty()) {
				return Mono.just(notFound(id));
			}
			UUID nodeId = found.get().value().nodeId();
			Mono<Boolean> nodeReachable = (nodeId != null) ? this.nodes.isReachable(nodeId) : Mono.just(false);
			return nodeReachable
				.flatMap((reachable) -> this.instances.delete(id, nodeId, reachable,
						(version) -> ifMatch.map((tags) -> tags.matches(version)).orElse(true), event))
				.map((deleted) -> deleted.map((deletion) -> {
					if (!deletion.accepted()) {
						return Outcome.<InstanceView>failure(new Problem.PreconditionFailed("instance " + id
								+ " is at version " + EntityTags.of(deletion.version()) + ", not the one in If-Match"));
					}
					log.info("Instance {} ({}) deleting", deletion.view().name(), id);
					return Outcome.success(deletion.view());
				}).orElseGet(() -> notFound(id)));
		});
	}

	/**
	 * Moves the instance to another revision of its system, bumping its generation (its
	 * agent reboots it with the new boot configuration). With {@code If-Match}, only when
	 * its version is still one of those named. The revision must exist, fit the
	 * instance's memory and find its programs in the instance's image version.
	 */
	Mono<Outcome<Versioned<InstanceView>>> patch(UUID id, InstancePatch patch, Optional<EntityTags> ifMatch) {
		if (patch.systemRevision() == null || patch.systemRevision() < 1) {
			return Mono.just(Outcome.failure(Problem.Invalid
				.of(List.of(new Violation("systemRevision", "is required: a revision number, from 1")))));
		}
		int revision = patch.systemRevision();
		return this.instances.find(id).flatMap((found) -> {
			if (found.isEmpty()) {
				return Mono.just(notFound(id));
			}
			return canBoot(found.get().value(), revision).flatMap((fits) -> switch (fits) {
				case Outcome.Failure<Void>(Problem problem) -> Mono.just(Outcome.failure(problem));
				case Outcome.Success<Void> ok -> this.instances
					.changeRevision(id, revision,
							(version) -> ifMatch.map((tags) -> tags.matches(version)).orElse(true))
					.map((changed) -> changed.map((change) -> {
						if (!change.accepted()) {
							return Outcome.<Versioned<InstanceView>>failure(
									new Problem.PreconditionFailed("instance " + id + " is at version "
											+ EntityTags.of(change.version()) + ", not the one in If-Match"));
						}
						if (change.view().deleting()) {
							return Outcome.<Versioned<InstanceView>>failure(
									new Problem.Conflict("instance " + id + " is being deleted"));
						}
						log.info("Instance {} ({}) at system revision {}", change.view().name(), id, revision);
						return Outcome.success(new Versioned<>(change.view(), change.version()));
					}).orElseGet(() -> notFound(id)));
			});
		});
	}

	/**
	 * Whether the instance can boot that revision of its system: the revision exists, the
	 * instance's memory holds it and its image version (when it names one) has every
	 * program it runs. Invalid, naming {@code systemRevision}, when not.
	 */
	public Mono<Outcome<Void>> canBoot(InstanceView instance, int revision) {
		Mono<Optional<ImageView>> image = (instance.imageVersion() != null)
				? this.images.find(instance.image(), instance.imageVersion()) : Mono.just(Optional.empty());
		return Mono.zip(this.systems.revision(instance.system(), revision), image).map((found) -> {
			if (found.getT1().isEmpty()) {
				return Outcome
					.failure(Problem.Invalid.of(List.of(new Violation("systemRevision", "system '" + instance.system()
							+ "' has no revision " + revision + "; register it under " + ApiPaths.SYSTEMS))));
			}
			SystemSpec spec = found.getT1().get();
			List<Violation> violations = new ArrayList<>();
			if (instance.memoryMb() < spec.memoryMb()) {
				violations.add(new Violation("systemRevision", "instance '" + instance.name() + "' has "
						+ instance.memoryMb() + " MB, revision " + revision + " is laid out for " + spec.memoryMb()));
			}
			found.getT2().ifPresent((registered) -> violations.addAll(InstanceRules.missingPrograms(spec, registered)));
			return violations.isEmpty() ? Outcome.<Void>success(null)
					: Outcome.<Void>failure(Problem.Invalid.of(violations));
		});
	}

	/** Finishes the deletions the node completed and answers its full desired state. */
	Mono<Outcome<List<DesiredInstance>>> assignments(UUID nodeId, NodeHeartbeat heartbeat) {
		List<Violation> violations = InstanceRules.check(heartbeat);
		if (!violations.isEmpty()) {
			return Mono.just(Outcome.failure(Problem.Invalid.of(violations)));
		}
		return this.instances.assignments(nodeId, heartbeat.runningInstances()).map(Outcome::success);
	}

	/** Stores a report; an agent may only report on instances assigned to its node. */
	Mono<Outcome<Void>> report(UUID nodeId, UUID instanceId, InstanceReport report) {
		List<Violation> violations = InstanceRules.check(report);
		if (!violations.isEmpty()) {
			return Mono.just(Outcome.failure(Problem.Invalid.of(violations)));
		}
		return this.instances.report(nodeId, instanceId, report)
			.map((stored) -> stored ? Outcome.<Void>success(null) : Outcome.failure(new Problem.Forbidden(
					"instance " + instanceId + " is not assigned to node " + nodeId + "; report refused")));
	}

	private static <T> Outcome<T> notFound(UUID id) {
		return Outcome.failure(new Problem.NotFound("no instance " + id));
	}

}
