package dev.atoll.controlplane.rollouts;

import java.util.ArrayList;
import java.util.List;

import dev.atoll.api.CreateRolloutRequest;
import dev.atoll.controlplane.system.IdempotencyKeys;
import dev.atoll.controlplane.system.LabelSelector;
import dev.atoll.controlplane.system.Names;
import dev.atoll.controlplane.system.Violation;

/**
 * What a rollout request must satisfy (every violation is reported), and its defaults.
 */
final class RolloutRules {

	static final int DEFAULT_BATCH_SIZE = 1;

	static final int DEFAULT_MAX_UNAVAILABLE = 1;

	static final int DEFAULT_HEALTH_TIMEOUT_SECONDS = 300;

	static final int MAX_BATCH_SIZE = 1000;

	static final int MAX_HEALTH_TIMEOUT_SECONDS = 86_400;

	private RolloutRules() {
	}

	static List<Violation> check(CreateRolloutRequest request) {
		List<Violation> violations = new ArrayList<>();
		Names.check("system", request.system(), violations);
		if (request.toRevision() == null || request.toRevision() < 1) {
			violations.add(new Violation("toRevision", "is required: a revision number, from 1"));
		}
		if (request.selector() != null && LabelSelector.parse(request.selector()).isEmpty()) {
			violations.add(new Violation("selector",
					"must be comma-separated key=value, key!=value, key or !key requirements, or absent for all"));
		}
		range("batchSize", request.batchSize(), MAX_BATCH_SIZE, violations);
		range("maxUnavailable", request.maxUnavailable(), MAX_BATCH_SIZE, violations);
		range("healthTimeoutSeconds", request.healthTimeoutSeconds(), MAX_HEALTH_TIMEOUT_SECONDS, violations);
		return violations;
	}

	private static void range(String field, Integer value, int max, List<Violation> violations) {
		if (value != null && (value < 1 || value > max)) {
			violations.add(new Violation(field, "must be between 1 and " + max));
		}
	}

	/** A valid request with its defaults filled in, as stored. */
	static RolloutRepository.NewRollout normalize(CreateRolloutRequest request) {
		return new RolloutRepository.NewRollout(request.system(), request.toRevision(), request.selector(),
				orDefault(request.batchSize(), DEFAULT_BATCH_SIZE),
				orDefault(request.maxUnavailable(), DEFAULT_MAX_UNAVAILABLE),
				orDefault(request.healthTimeoutSeconds(), DEFAULT_HEALTH_TIMEOUT_SECONDS));
	}

	/** The selector a valid request names; everything without one. */
	static LabelSelector selector(RolloutRepository.NewRollout rollout) {
		return (rollout.selector() != null) ? LabelSelector.parse(rollout.selector()).orElseThrow()
				: LabelSelector.EVERYTHING;
	}

	/**
	 * SHA-256 of a normalized request: two requests meaning the same rollout have the
	 * same fingerprint. No field contains NUL, which separates them.
	 */
	static byte[] fingerprint(RolloutRepository.NewRollout rollout) {
		return IdempotencyKeys.fingerprint(String.join("\0", rollout.system(), Integer.toString(rollout.toRevision()),
				(rollout.selector() != null) ? "=" + rollout.selector() : "*", Integer.toString(rollout.batchSize()),
				Integer.toString(rollout.maxUnavailable()), Integer.toString(rollout.healthTimeoutSeconds())));
	}

	private static int orDefault(Integer value, int fallback) {
		return (value != null) ? value : fallback;
	}

}
