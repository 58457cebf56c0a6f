package dev.atoll.agent.reconcile;

import java.time.Duration;

/**
 * How an instance that crashed is restarted: at most {@code limit} times per desired
 * generation, the first after {@code firstDelay}, each next one after twice the delay up
 * to {@code maxDelay}. A limit of 0 never restarts.
 *
 * @param limit restarts per generation
 * @param firstDelay delay before the first restart
 * @param maxDelay longest delay
 */
public record RestartPolicy(int limit, Duration firstDelay, Duration maxDelay) {

	public static final RestartPolicy DEFAULT = new RestartPolicy(3, Duration.ofSeconds(2), Duration.ofMinutes(1));

	/** Never restarts: a crashed instance stays Failed until its generation changes. */
	public static final RestartPolicy NEVER = new RestartPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(1));

	public RestartPolicy {
		if (limit < 0 || firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) {
			throw new IllegalArgumentException("restart limit must be >= 0 and delays 0 <= first <= max");
		}
	}

	/** The delay before restart number {@code restart} (1 for the first). */
	Duration delay(int restart) {
		Duration delay = this.firstDelay.multipliedBy(1L << Math.min(Math.max(restart - 1, 0), 16));
		return (delay.compareTo(this.maxDelay) > 0) ? this.maxDelay : delay;
	}

}
