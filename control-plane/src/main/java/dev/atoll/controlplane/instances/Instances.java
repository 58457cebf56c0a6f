package dev.atoll.controlplane.instances;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.CreateInstanceRequest;
import dev.atoll.api.DesiredInstance;
import dev.atoll.api.InstanceEvent;
import dev.atoll.api.InstanceReport;
import dev.atoll.api.InstanceView;
import dev.atoll.api.NodeHeartbeat;
import dev.atoll.api.TaskList;
import dev.atoll.controlplane.nodes.NodeRegistry;
import dev.atoll.controlplane.system.EntityTags;
import dev.atoll.controlplane.system.IdempotencyKeys;
import dev.atoll.controlplane.system.Outcome;
import dev.atoll.controlplane.system.Problem;
import dev.atoll.controlplane.system.Versioned;
import dev.atoll.controlplane.system.Violation;
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
class Instances {

	private static final Logger log = LoggerFactory.getLogger(Instances.class);

	static final int DEFAULT_PAGE_SIZE = 100;

	static final int MAX_PAGE_SIZE = 1000;

	private final InstanceRepository instances;

	private final NodeRegistry nodes;

	private final ApplicationEventPublisher events;

	Instances(InstanceRepository instances, NodeRegistry nodes, ApplicationEventPublisher events) {
		this.instances = instances;
		this.nodes = nodes;
		this.events = events;
	}

	/**
	 * Creates an instance. With an idempotency key, the first request with that key
	 * creates it and a repeat with the same request answers the same instance again
	 * ({@code replayed}); a repeat with another request is Unprocessable.
	 */
	Mono<Outcome<Creation>> create(CreateInstanceRequest request, Optional<String> idempotencyKey) {
		List<Violation> violations = new ArrayList<>(InstanceRules.check(request));
		idempotencyKey.ifPresent((key) -> violations.addAll(IdempotencyKeys.check(key)));
		if (!violations.isEmpty()) {
			return Mono.just(Outcome.failure(Problem.Invalid.of(violations)));
		}
		if (idempotencyKey.isEmpty()) {
			return this.instances.insert(request)
				.map((inserted) -> inserted.map((instance) -> created(instance))
					.orElseGet(() -> nameTaken(request.name())));
		}
		String key = idempotencyKey.get();
		return this.instances.insertOnce(key, InstanceRules.fingerprint(request), request)
			.map((keyed) -> switch (keyed) {
				case IdempotencyKeys.Keyed.Created<InstanceView>(var created) -> created(created);
				case IdempotencyKeys.Keyed.Replayed<InstanceView>(var replayed) ->
					Outcome.success(new Creation(replayed, true));
				case IdempotencyKeys.Keyed.KeyReused<InstanceView> reused ->
					Outcome.failure(new Problem.Unprocessable("the " + ApiPaths.IDEMPOTENCY_KEY + " '" + key
							+ "' was already used with a different request"));
				case IdempotencyKeys.Keyed.NotCreated<InstanceView> taken -> nameTaken(request.name());
			});
	}

	private Outcome<Creation> created(Versioned<InstanceView> instance) {
		InstanceView view = instance.value();
		log.info("Instance {} created as {} ({} MB)", view.name(), view.id(), view.memoryMb());
		this.events.publishEvent(new InstanceCreated(view.id()));
		return Outcome.success(new Creation(instance, false));
	}

	private static Outcome<Creation> nameTaken(String name) {
		return Outcome.failure(new Problem.Conflict("an instance named '" + name + "' already exists"));
	}

	/**
	 * A created instance.
	 *
	 * @param instance the instance as created
	 * @param replayed true when this is the remembered answer to an earlier request with
	 * the same idempotency key
	 */
	record Creation(Versioned<InstanceView> instance, boolean replayed) {
	}

	Mono<List<InstanceView>> list() {
		return this.instances.list();
	}

	/**
	 * One page of the list, oldest first: at most {@code limit} (default
	 * {@value #DEFAULT_PAGE_SIZE}, at most {@value #MAX_PAGE_SIZE}) instances after the
	 * cursor; the next cursor when more follow.
	 */
	Mono<Outcome<Page>> page(Integer limit, String cursor) {
		List<Violation> violations = new ArrayList<>();
		int size = (limit != null) ? limit : DEFAULT_PAGE_SIZE;
		if (size < 1 || size > MAX_PAGE_SIZE) {
			violations.add(new Violation("limit", "must be between 1 and " + MAX_PAGE_SIZE));
		}
		Optional<InstanceCursor> after = (cursor != null) ? InstanceCursor.decode(cursor) : Optional.empty();
		if (cursor != null && after.isEmpty()) {
			violations.add(new Violation("cursor", "is not a cursor of this list; pass the one a Link header gave"));
		}
		if (!violations.isEmpty()) {
			return Mono.just(Outcome.failure(Problem.Invalid.of(violations)));
		}
		return this.instances.page(after, size + 1).map((views) -> {
			if (views.size() <= size) {
				return Outcome.success(new Page(views, Optional.empty(), size));
			}
			List<InstanceView> items = views.subList(0, size);
			return Outcome.success(new Page(items, Optional.of(InstanceCursor.after(items.getLast()).encode()), size));
		});
	}

	/**
	 * A page of the instance list.
	 *
	 * @param items the instances, oldest first
	 * @param next the cursor of the following page, empty on the last one
	 * @param limit the page size asked for
	 */
	record Page(List<InstanceView> items, Optional<String> next, int limit) {
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

	/**
	 * Marks the instance deleting, or purges it when no live node runs it. With
	 * {@code If-Match}, only when its version is still one of those named.
	 */
	Mono<Outcome<InstanceView>> delete(UUID id, Optional<EntityTags> ifMatch) {
		return this.instances.find(id).flatMap((found) -> {
			if (found.isEmpty()) {
				return Mono.just(notFound(id));
			}
			UUID nodeId = found.get().value().nodeId();
			Mono<Boolean> nodeReachable = (nodeId != null) ? this.nodes.isReachable(nodeId) : Mono.just(false);
			return nodeReachable
				.flatMap((reachable) -> this.instances.delete(id, nodeId, reachable,
						(version) -> ifMatch.map((tags) -> tags.matches(version)).orElse(true)))
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
