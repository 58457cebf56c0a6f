package dev.atoll.api;

import java.time.Instant;

/**
 * One observed condition of an instance (as Kubernetes' conditions): whether it holds,
 * and why.
 *
 * @param type which condition
 * @param status true when it holds
 * @param reason a short CamelCase word for programs, e.g. {@code ConfigRejected}
 * @param message what was seen, for people (empty when there is nothing to say)
 * @param lastTransitionTime when {@code status} last changed
 */
public record InstanceCondition(ConditionType type, boolean status, String reason, String message,
		Instant lastTransitionTime) {
}
