package dev.atoll.controlplane.leases;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.atoll.api.CreateInstanceRequest;
import dev.atoll.api.CreateLeaseRequest;
import dev.atoll.api.LeaseState;
import dev.atoll.api.LeaseView;
import dev.atoll.api.RenewLeaseRequest;
import dev.atoll.controlplane.instances.Instances;
import dev.atoll.controlplane.system.Caller;
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

/**
 * The lease API's operations: create (validated as the instance it asks for would be,
 * then provisioned at once), list, read, renew and release. A CI token manages only the
 * leases it created; an admin any.
 */
@Service
class Leases {

	private static final Logger log = LoggerFactory.getLogger(Leases.class);

	private final LeaseRepository leases;

	private final LeaseWork work;

	private final Instances instances;

	private final LeaseProperties properties;

	private final JsonMapper json;

	Leases(LeaseRepository leases, LeaseWork work, Instances instances, LeaseProperties properties, JsonMapper json) {
		this.leases = leases;
		this.work = work;
		this.instances = instances;
		this.properties = properties;
		this.json = json;
	}

	/**
	 * Creates a lease and, at once, its instance. With an idempotency key, a repeat of
	 * the same request answers the first answer again ({@code replayed}).
	 */
	Mono<Outcome<Created<LeaseView>>> create(CreateLeaseRequest request, Optional<String> idempotencyKey,
			Caller caller) {
		List<Violation> violations = new ArrayList<>(LeaseRules.check(request));
		idempotencyKey.ifPresent((key) -> violations.addAll(IdempotencyKeys.check(key)));
		CreateLeaseRequest lease = LeaseRules.normalized(request);
		UUID id = UUID.randomUUID();
		return this.instances.check(LeaseRules.instance(id, withCheckableRunId(lease))).flatMap((checked) -> {
			if (checked instanceof Outcome.Failure<CreateInstanceRequest>(Problem.Invalid invalid)) {
				violations.addAll(LeaseRules.asLeaseViolations(invalid.errors()));
			}
			else if (checked instanceof Outcome.Failure<CreateInstanceRequest>(Problem problem)) {
				return Mono.just(Outcome.<Created<LeaseView>>failure(problem));
			}
			if (!violations.isEmpty()) {
				return Mono.just(Outcome.<Created<LeaseView>>failure(Problem.Invalid.of(violations)));
			}
			return insert(id, lease, idempotencyKey, caller);
		});
	}

	/**
	 * The lease checked as an instance before its own rules pass: a missing run id would
	 * make a missing label value, reported once as {@code ciRunId} already.
	 */
	private static CreateLeaseRequest withCheckableRunId(CreateLeaseRequest lease) {
		return (lease.ciRunId() != null && LeaseRules.CI_RUN_ID.matcher(lease.ciRunId()).matches()) ? lease
				: new CreateLeaseRequest(lease.system(), lease.systemRevision(), lease.image(), lease.imageVersion(),
						lease.labels(), lease.ttlSeconds(), "unchecked", lease.memoryMb());
	}

	private Mono<Outcome<Created<LeaseView>>> insert(UUID id, CreateLeaseRequest lease, Optional<String> idempotencyKey,
			Caller caller) {
		Mono<Outcome<Created<LeaseView>>> inserted = idempotencyKey.isEmpty()
				? this.leases.insert(id, caller.name(), lease, this.properties.claimFor())
					.map((row) -> Outcome.success(new Created<>(row, false)))
				: this.leases
					.insertOnce(idempotencyKey.get(), fingerprint(lease, caller), id, caller.name(), lease,
							this.properties.claimFor())
					.map((keyed) -> keyed.outcome(idempotencyKey.get(),
							new Problem.Conflict("lease " + id + " was not stored")));
		return inserted.flatMap((outcome) -> {
			if (!(outcome instanceof Outcome.Success<Created<LeaseView>>(Created<LeaseView> done))) {
				return Mono.just(outcome);
			}
			if (done.replayed()) {
				// The same lease, as it is now (as first answered once it is forgotten).
				return this.leases.find(done.resource().value().id())
					.map((found) -> Outcome.success(new Created<>(found.orElse(done.resource()), true)));
			}
			log.info("Lease {} created for CI run {} by {} (TTL {} s)", id, lease.ciRunId(), caller.name(),
					lease.ttlSeconds());
			// Provision now; should this fail, the claim runs out and the reconciler
			// retries.
			return this.work.reconcile(id).onErrorResume((failure) -> {
				log.warn("Lease {}: provisioning failed ({}); the reconciler retries", id, failure.toString());
				return Mono.empty();
			})
				.then(this.leases.unclaim(id))
				.then(this.leases.find(id))
				.map((found) -> Outcome.success(new Created<>(found.orElse(done.resource()), false)));
		});
	}

	/** Same lease, same caller, same fingerprint: the key replays. */
	private byte[] fingerprint(CreateLeaseRequest lease, Caller caller) {
		return IdempotencyKeys.fingerprint(caller.name() + "\0" + this.json.writeValueAsString(lease));
	}

	/**
	 * One page of the leases, oldest first, that the label selector (on the lease's
	 * labels), the state and the CI run select.
	 */
	Mono<Outcome<Page<LeaseView>>> list(String labelSelector, String state, String ciRunId, Integer limit,
			String cursor) {
		List<Violation> violations = new ArrayList<>();
		LabelSelector selector = LabelSelector.fromParameter(labelSelector, violations);
		Optional<LeaseState> wanted = Optional.empty();
		if (state != null) {
			wanted = Arrays.stream(LeaseState.values()).filter((known) -> known.name().equals(state)).findFirst();
			if (wanted.isEmpty()) {
				violations.add(new Violation("state", "must be one of " + Arrays.toString(LeaseState.values())));
			}
		}
		int size = Page.size(limit, violations);
		Optional<List<String>> after = Page.after(cursor, 2, violations);
		if (after.isPresent() && !cursorKeysValid(after.get())) {
			violations.add(new Violation("cursor", "is not a cursor of this list; pass the one a Link header gave"));
		}
		if (!violations.isEmpty()) {
			return Mono.just(Outcome.failure(Problem.Invalid.of(violations)));
		}
		return this.leases.page(selector, wanted, Optional.ofNullable(ciRunId), after, size + 1)
			.map((rows) -> Outcome.success(Page.of(rows, size, Leases::cursorKeys)));
	}

	/** The sort keys of a lease in the list, for its page cursor. */
	static List<String> cursorKeys(LeaseView lease) {
		return List.of(Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, lease.createdAt())),
				lease.id().toString());
	}

	private static boolean cursorKeysValid(List<String> keys) {
		try {
			Long.parseLong(keys.get(0));
			UUID.fromString(keys.get(1));
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	Mono<Outcome<Versioned<LeaseView>>> get(UUID id) {
		return this.leases.find(id).map((found) -> found.map(Outcome::success).orElseGet(() -> notFound(id)));
	}

	/**
	 * Renews the lease: it expires {@code ttlSeconds} from now. Forbidden for another CI
	 * token's lease; PreconditionFailed on a stale {@code If-Match}; Conflict once ended.
	 */
	Mono<Outcome<Versioned<LeaseView>>> renew(UUID id, RenewLeaseRequest request, Optional<EntityTags> ifMatch,
			Caller caller) {
		List<Violation> violations = new ArrayList<>();
		LeaseRules.checkTtl(request.ttlSeconds(), violations);
		if (!violations.isEmpty()) {
			return Mono.just(Outcome.failure(Problem.Invalid.of(violations)));
		}
		return this.leases.renew(id, request.ttlSeconds(), (current) -> refusal(current, ifMatch, caller).or(() -> {
			LeaseView lease = current.value();
			return lease.state().isEnded() ? Optional.of(new Problem.Conflict("lease " + id + " is " + lease.state()
					+ " (" + lease.reason() + "); it cannot be renewed: create a new lease")) : Optional.empty();
		})).map((renewed) -> renewed.orElseGet(() -> notFound(id)));
	}

	/**
	 * Releases the lease; its instance is torn down. Releasing an ended lease changes
	 * nothing. Forbidden for another CI token's lease; PreconditionFailed on a stale
	 * {@code If-Match}.
	 */
	Mono<Outcome<Versioned<LeaseView>>> release(UUID id, Optional<EntityTags> ifMatch, Caller caller) {
		return this.leases
			.end(id, LeaseState.Released, LeaseRules.releasedBy(caller.name()),
					(current) -> refusal(current, ifMatch, caller))
			.flatMap((released) -> {
				if (released.isEmpty()) {
					return Mono.just(notFound(id));
				}
				if (released.get() instanceof Outcome.Success<Versioned<LeaseView>>(Versioned<LeaseView> lease)
						&& !lease.value().instanceGone()) {
					log.info("Lease {} of CI run {} released by {}", id, lease.value().ciRunId(), caller.name());
					// Start the teardown now; the reconciler retries it until the
					// instance is
					// gone.
					return this.work.reconcile(id)
						.onErrorResume((failure) -> Mono.empty())
						.then(this.leases.find(id))
						.map((found) -> found.map(Outcome::success).orElseGet(() -> notFound(id)));
				}
				return Mono.just(released.get());
			});
	}

	/** Why the caller may not change the lease, if so: not its own, or a stale tag. */
	private static Optional<Problem> refusal(Versioned<LeaseView> current, Optional<EntityTags> ifMatch,
			Caller caller) {
		LeaseView lease = current.value();
		if (!caller.mayManage(lease.owner())) {
			return Optional.of(new Problem.Forbidden("lease " + lease.id() + " belongs to token '" + lease.owner()
					+ "'; a ci token manages only its own leases"));
		}
		if (ifMatch.isPresent() && !ifMatch.get().matches(current.version())) {
			return Optional.of(new Problem.PreconditionFailed("lease " + lease.id() + " is at version " + current.etag()
					+ ", not the one in If-Match; read it again"));
		}
		return Optional.empty();
	}

	/** The lease's request, as created (for its instance). */
	static CreateLeaseRequest request(LeaseView lease) {
		return new CreateLeaseRequest(lease.system(), lease.systemRevision(), lease.image(), lease.imageVersion(),
				lease.labels(), lease.ttlSeconds(), lease.ciRunId(), lease.memoryMb());
	}

	private static <T> Outcome<T> notFound(UUID id) {
		return Outcome.failure(new Problem.NotFound("no lease " + id));
	}

}
