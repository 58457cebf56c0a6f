package dev.atoll.api;

import java.time.Instant;

/**
 * Something the control plane did to an instance or saw happen to it; the list {@code GET
 * /api/v1/instances/{id}/events} answers, oldest first.
 *
 * @param at when it happened (database clock)
 * @param reason a constant of {@link InstanceEvent.Reason}
 * @param message what happened, for people
 */
public record InstanceEvent(Instant at, Reason reason, String message) {

	/** Why an event was recorded. */
	public enum Reason {

		/** Placed on a node. */
		Scheduled,
		/** Its node went Offline; it was taken off that node to be placed again. */
		Rescheduled,
		/** Its node, running boards that cannot move, went Offline. */
		Lost,
		/** The CI lease that held it was released: it is torn down. */
		LeaseReleased,
		/** The CI lease that held it expired without a renewal: it is torn down. */
		LeaseExpired,
		/** The CI lease that held it failed: it is torn down. */
		LeaseFailed,
		/**
		 * Its desired system revision changed (a PATCH or a rollout); its generation went
		 * up.
		 */
		RevisionChanged,
		/**
		 * A rollout moved it and it did not become Ready at the new generation in time.
		 */
		HealthGateFailed,
		/**
		 * Its node reported that the root task rejected the boot configuration (the
		 * message has the root task's reason).
		 */
		ConfigRejected

	}

}
