package dev.atoll.controlplane.instances;

import java.util.List;
import java.util.UUID;

import dev.atoll.api.CreateInstanceRequest;
import dev.atoll.api.DesiredInstance;
import dev.atoll.api.InstanceReport;
import dev.atoll.api.InstanceView;
import dev.atoll.api.NodeHeartbeat;
import dev.atoll.api.TaskList;
import dev.atoll.controlplane.nodes.NodeRegistry;
import dev.atoll.controlplane.system.Outcome;
import dev.atoll.controlplane.system.Problem;
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

	private final InstanceRepository instances;

	private final NodeRegistry nodes;

	private final ApplicationEventPublisher events;

	Instances(InstanceRepository instances, NodeRegistry nodes, ApplicationEventPublisher events) {
		this.instances = instances;
		this.nodes = nodes;
		this.events = events;
	}

	Mono<Outcome<InstanceView>> create(CreateInstanceRequest request) {
		List<Violation> violations = InstanceRules.check(request);
		if (!violations.isEmpty()) {
			return Mono.just(Outcome.failure(Problem.Invalid.of(violations)));
		}
		return this.instances.insert(request.name(), request.system(), request.image(), InstanceRules.memoryMb(request))
			.map((inserted) -> inserted.<Outcome<InstanceView>>map((view) -> {
				log.info("Instance {} created as {} ({} MB)", view.name(), view.id(), view.memoryMb());
				this.events.publishEvent(new InstanceCreated(view.id()));
				return Outcome.success(view);
			})
				.orElseGet(() -> Outcome
					.failure(new Problem.Conflict("an instance named '" + request.name() + "' already exists"))));
	}

	Mono<List<InstanceView>> list() {
		return this.instances.list();
	}

	Mono<Outcome<InstanceView>> get(UUID id) {
		return this.instances.find(id).map((found) -> found.map(Outcome::success).orElseGet(() -> notFound(id)));
	}

	Mono<Outcome<TaskList>> tasks(UUID id) {
		return this.instances.tasks(id).map((found) -> found.map(Outcome::success).orElseGet(() -> notFound(id)));
	}

	/** Marks the instance deleting, or purges it when no live node runs it. */
	Mono<Outcome<InstanceView>> delete(UUID id) {
		return this.instances.find(id).flatMap((found) -> {
			if (found.isEmpty()) {
				return Mono.just(notFound(id));
			}
			UUID nodeId = found.get().nodeId();
			Mono<Boolean> nodeOnline = (nodeId != null) ? this.nodes.isOnline(nodeId) : Mono.just(false);
			return nodeOnline.flatMap((online) -> this.instances.delete(id, nodeId, online))
				.map((deleted) -> deleted.map((view) -> {
					log.info("Instance {} ({}) deleting", view.name(), view.id());
					return Outcome.success(view);
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
