package dev.atoll.controlplane.rollouts;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The rollout reconciler.
 *
 * @param interval time between two passes over the active rollouts (each takes one step
 * of each)
 */
@ConfigurationProperties("atoll.rollouts")
record RolloutProperties(@DefaultValue("1s") Duration interval) {

	RolloutProperties {
		if (interval.isNegative() || interval.isZero()) {
			throw new IllegalArgumentException("atoll.rollouts.interval must be positive");
		}
	}

}
