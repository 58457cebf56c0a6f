package dev.atoll.controlplane.leases;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.CreateLeaseRequest;
import dev.atoll.api.RenewLeaseRequest;
import dev.atoll.controlplane.system.Caller;
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
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code /api/v1/leases}: CI jobs lease an instance, renew, release; everyone reads. The
 * caller (from the authorization filter) owns what it creates.
 */
@RestController
class LeaseController {

	private final Leases leases;

	LeaseController(Leases leases) {
		this.leases = leases;
	}

	/**
	 * 201 with the lease (already provisioned as far as it could be), its Location and
	 * ETag; a replayed idempotency key answers the same lease, as it is now.
	 */
	@PostMapping(ApiPaths.LEASES)
	Mono<ResponseEntity<Object>> create(@RequestBody CreateLeaseRequest request,
			@RequestHeader(name = ApiPaths.IDEMPOTENCY_KEY, required = false) String idempotencyKey,
			@RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
		return this.leases.create(request, Optional.ofNullable(idempotencyKey), caller)
			.map((outcome) -> ProblemHandler.respond(outcome,
					(created) -> created.respond(UriComponentsBuilder.fromPath(ApiPaths.LEASE)
						.buildAndExpand(created.resource().value().id())
						.toUri())));
	}

	/** One page (default 100), oldest first, filtered by labels, state and CI run. */
	@GetMapping(ApiPaths.LEASES)
	Mono<ResponseEntity<Object>> list(@RequestParam(name = LabelSelector.PARAMETER, required = false) String selector,
			@RequestParam(required = false) String state, @RequestParam(required = false) String ciRunId,
			@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
		Map<String, String> query = new LinkedHashMap<>();
		query.put(LabelSelector.PARAMETER, selector);
		query.put("state", state);
		query.put("ciRunId", ciRunId);
		return this.leases.list(selector, state, ciRunId, limit, cursor)
			.map((outcome) -> ProblemHandler.respond(outcome, (page) -> page.respond(ApiPaths.LEASES, query)));
	}

	/** 304 without a body when {@code If-None-Match} names the current version. */
	@GetMapping(ApiPaths.LEASE)
	Mono<ResponseEntity<Object>> get(@PathVariable UUID leaseId,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
		return this.leases.get(leaseId).map((outcome) -> ProblemHandler.respond(outcome, (lease) -> {
			if (ifNoneMatch != null && EntityTags.parse(ifNoneMatch).matchesWeakly(lease.version())) {
				return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(lease.etag()).build();
			}
			return ResponseEntity.ok().eTag(lease.etag()).body(lease.value());
		}));
	}

	/** 200 with the renewed lease and its new ETag; 412 on a stale If-Match. */
	@PostMapping(ApiPaths.LEASE_RENEW)
	Mono<ResponseEntity<Object>> renew(@PathVariable UUID leaseId, @RequestBody RenewLeaseRequest request,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
		return this.leases.renew(leaseId, request, Optional.ofNullable(ifMatch).map(EntityTags::parse), caller)
			.map((outcome) -> ProblemHandler.respond(outcome,
					(lease) -> ResponseEntity.ok().eTag(lease.etag()).body(lease.value())));
	}

	/** 202 with the released lease, its instance being torn down. */
	@DeleteMapping(ApiPaths.LEASE)
	Mono<ResponseEntity<Object>> release(@PathVariable UUID leaseId,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
		return this.leases.release(leaseId, Optional.ofNullable(ifMatch).map(EntityTags::parse), caller)
			.map((outcome) -> ProblemHandler.respond(outcome,
					(lease) -> ResponseEntity.status(HttpStatus.ACCEPTED).eTag(lease.etag()).body(lease.value())));
	}

}
