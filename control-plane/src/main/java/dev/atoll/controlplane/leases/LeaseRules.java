package dev.atoll.controlplane.leases;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.atoll.api.CreateInstanceRequest;
import dev.atoll.api.CreateLeaseRequest;
import dev.atoll.controlplane.system.Violation;

/**
 * What lease requests must satisfy, and the instance a lease asks for. The instance
 * fields (system, image, memory, labels as the node selector, revision, version) are
 * checked by the instances feature, as for any instance.
 */
final class LeaseRules {

	static final int MAX_TTL_SECONDS = 86_400;

	/** A CI run id: visible ASCII, short enough to be a label value. */
	static final Pattern CI_RUN_ID = Pattern.compile("[\\x21-\\x7e]{1,253}");

	/** The instance label naming the lease that holds it. */
	static final String LEASE_LABEL = "atoll.dev/lease";

	/** The instance label naming the CI run whose lease holds it. */
	static final String CI_RUN_LABEL = "atoll.dev/ci-run";

	private LeaseRules() {
	}

	static List<Violation> check(CreateLeaseRequest request) {
		List<Violation> violations = new ArrayList<>();
		checkTtl(request.ttlSeconds(), violations);
		if (request.ciRunId() == null || request.ciRunId().isEmpty()) {
			violations.add(new Violation("ciRunId", "is required: the id of the CI run that holds the lease"));
		}
		else if (!CI_RUN_ID.matcher(request.ciRunId()).matches()) {
			violations.add(new Violation("ciRunId", "must be 1 to 253 visible ASCII characters"));
		}
		return violations;
	}

	static void checkTtl(Integer ttlSeconds, List<Violation> violations) {
		if (ttlSeconds == null) {
			violations.add(new Violation("ttlSeconds", "is required: 1 to " + MAX_TTL_SECONDS));
		}
		else if (ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS) {
			violations.add(new Violation("ttlSeconds", "must be between 1 and " + MAX_TTL_SECONDS));
		}
	}

	/** The request with its labels sorted (null: none), as stored and fingerprinted. */
	static CreateLeaseRequest normalized(CreateLeaseRequest request) {
		Map<String, String> labels = (request.labels() != null) ? new TreeMap<>(request.labels()) : new TreeMap<>();
		return new CreateLeaseRequest(request.system(), request.systemRevision(), request.image(),
				request.imageVersion(), labels, request.ttlSeconds(), request.ciRunId(), request.memoryMb());
	}

	/**
	 * The instance the lease asks for: named after the lease, labelled with it and its CI
	 * run, placed on a node carrying the lease's labels.
	 */
	static CreateInstanceRequest instance(UUID leaseId, CreateLeaseRequest lease) {
		return new CreateInstanceRequest(instanceName(leaseId), lease.system(), lease.image(), lease.memoryMb(),
				Map.of(LEASE_LABEL, leaseId.toString(), CI_RUN_LABEL, lease.ciRunId()), lease.labels(),
				lease.systemRevision(), lease.imageVersion());
	}

	static String instanceName(UUID leaseId) {
		return "lease-" + leaseId.toString().replace("-", "");
	}

	/**
	 * The instances feature's violations in the lease's terms: the node selector is the
	 * lease's {@code labels}.
	 */
	static List<Violation> asLeaseViolations(List<Violation> instanceViolations) {
		return instanceViolations.stream().map((violation) -> {
			String field = violation.field();
			if (field.equals("nodeSelector") || field.startsWith("nodeSelector.")) {
				return new Violation("labels" + field.substring("nodeSelector".length()), violation.message());
			}
			return violation;
		}).toList();
	}

	/**
	 * The reason a released lease shows (an expired one's is written where it expires).
	 */
	static String releasedBy(String who) {
		return "released by " + who;
	}

}
