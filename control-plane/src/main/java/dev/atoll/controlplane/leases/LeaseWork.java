package dev.atoll.controlplane.leases;

import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.atoll.api.InstanceEvent;
import dev.atoll.api.InstanceView;
import dev.atoll.api.LeaseState;
import dev.atoll.api.LeaseView;
import dev.atoll.api.NodeView;
import dev.atoll.controlplane.instances.Instances;
import dev.atoll.controlplane.nodes.NodeRegistry;
import dev.atoll.controlplane.system.Created;
import dev.atoll.controlplane.system.Outcome;
import dev.atoll.controlplane.system.Problem;
import dev.atoll.controlplane.system.Versioned;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Brings leases to where they should be, idempotently: expires those whose time is up,
 * creates a live lease's instance (through the instances feature, with an idempotency key
 * derived from the lease, so a retry creates it once), follows the instance into the
 * lease's state, and tears the instance of an ended lease down through the normal
 * deletion path, again on every pass until it is gone. Two replicas never work on one
 * lease at once: each claims its leases ({@code FOR UPDATE SKIP LOCKED}).
 */
@Component
class LeaseWork {

	private static final Logger log = LoggerFactory.getLogger(LeaseWork.class);

	private final LeaseRepository leases;

	private final Instances instances;

	private final NodeRegistry nodes;

	private final LeaseProperties properties;

	LeaseWork(LeaseRepository leases, Instances instances, NodeRegistry nodes, LeaseProperties properties) {
		this.leases = leases;
		this.instances = instances;
		this.nodes = nodes;
		this.properties = properties;
	}

	/** One pass over the leases that need work; a failure on one lease is logged. */
	Mono<Void> pass() {
		return this.leases.expireDue().doOnNext((expired) -> {
			if (expired > 0) {
				log.info("{} lease(s) expired; tearing their instances down", expired);
			}
		})
			.then(this.leases.claim(this.properties.batchSize(), this.properties.claimFor()))
			.flatMapMany(Flux::fromIterable)
			.concatMap((lease) -> reconcile(lease.value().id()).onErrorResume((failure) -> {
				log.warn("Lease {}: {}; the next pass retries", lease.value().id(), failure.toString());
				return Mono.empty();
			}).then(this.leases.unclaim(lease.value().id())))
			.then(this.leases.forgetEnded(this.properties.retention()))
			.then();
	}

	/** Brings one lease to where it should be (see the class comment). */
	Mono<Void> reconcile(UUID leaseId) {
		return current(leaseId)
			.flatMap((lease) -> lease.state().isEnded() ? Mono.just(lease) : follow(lease).then(current(leaseId)))
			.filter((lease) -> lease.state().isEnded() && !lease.instanceGone())
			.flatMap(this::tearDown);
	}

	private Mono<LeaseView> current(UUID leaseId) {
		return this.leases.find(leaseId).flatMap((found) -> Mono.justOrEmpty(found.map(Versioned::value)));
	}

	/** Creates the instance if need be, and records what it shows. */
	private Mono<Integer> follow(LeaseView lease) {
		if (lease.instanceId() == null) {
			return this.instances
				.create(LeaseRules.instance(lease.id(), Leases.request(lease)),
						Optional.of(instanceIdempotencyKey(lease.id())))
				.flatMap((created) -> switch (created) {
					case Outcome.Success<Created<InstanceView>>(Created<InstanceView> done) -> {
						if (!done.replayed()) {
							log.info("Lease {} of CI run {}: instance {} created", lease.id(), lease.ciRunId(),
									done.resource().value().name());
						}
						yield observe(lease, Optional.of(done.resource().value()));
					}
					case Outcome.Failure<Created<InstanceView>>(Problem problem) -> {
						log.info("Lease {} of CI run {} failed: {}", lease.id(), lease.ciRunId(), describe(problem));
						yield this.leases.observe(lease.id(), LeaseState.Failed,
								"its instance could not be created: " + describe(problem), null, null);
					}
				});
		}
		return this.instances.find(lease.instanceId()).flatMap((instance) -> observe(lease, instance));
	}

	private Mono<Integer> observe(LeaseView lease, Optional<InstanceView> instance) {
		UUID nodeId = instance.map(InstanceView::nodeId).orElse(null);
		Mono<Optional<NodeView>> node = (nodeId == null) ? Mono.just(Optional.empty())
				: this.nodes.find(nodeId).map((found) -> switch (found) {
					case Outcome.Success<NodeView>(NodeView view) -> Optional.of(view);
					case Outcome.Failure<NodeView> missing -> Optional.<NodeView>empty();
				});
		UUID instanceId = instance.map(InstanceView::id).orElse(lease.instanceId());
		return node.map((placedOn) -> LeaseReasons.of(instance, lease.labels(), placedOn))
			.flatMap((observed) -> this.leases
				.observe(lease.id(), observed.state(), observed.reason(), instanceId, observed.endpoint())
				.doOnNext((changed) -> {
					if (changed > 0 && observed.state() != lease.state()) {
						log.info("Lease {} of CI run {}: {} ({})", lease.id(), lease.ciRunId(), observed.state(),
								observed.reason());
					}
				}));
	}

	/** Deletes the ended lease's instance; once it is gone, records that. */
	private Mono<Void> tearDown(LeaseView lease) {
		if (lease.instanceId() == null) {
			return this.leases.instanceGone(lease.id()).then();
		}
		InstanceEvent.Reason reason = switch (lease.state()) {
			case Released -> InstanceEvent.Reason.LeaseReleased;
			case Expired -> InstanceEvent.Reason.LeaseExpired;
			default -> InstanceEvent.Reason.LeaseFailed;
		};
		String message = "lease " + lease.id() + " of CI run " + lease.ciRunId() + " "
				+ lease.state().name().toLowerCase() + ": " + lease.reason() + "; tearing the instance down";
		return this.instances.tearDown(lease.instanceId(), reason, message).flatMap((outcome) -> switch (outcome) {
			case Outcome.Success<InstanceView> deleting -> Mono.empty();
			case Outcome.Failure<InstanceView>(Problem problem) -> {
				log.info("Lease {} of CI run {}: instance {} gone", lease.id(), lease.ciRunId(), lease.instanceId());
				yield this.leases.instanceGone(lease.id()).then();
			}
		});
	}

	/** The instance's idempotency key: one instance per lease, however often retried. */
	static String instanceIdempotencyKey(UUID leaseId) {
		return "lease:" + leaseId;
	}

	private static String describe(Problem problem) {
		if (problem instanceof Problem.Invalid invalid) {
			return LeaseRules.asLeaseViolations(invalid.errors())
				.stream()
				.map((violation) -> violation.field() + " " + violation.message())
				.collect(Collectors.joining("; "));
		}
		return problem.detail();
	}

}
