package dev.atoll.controlplane.instances;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Instance API settings.
 *
 * @param idempotencyKeyTtl how long an {@code Idempotency-Key} of a create is remembered
 */
@ConfigurationProperties("atoll.instances")
record InstanceProperties(@DefaultValue("24h") Duration idempotencyKeyTtl) {

	InstanceProperties {
		if (idempotencyKeyTtl.isNegative() || idempotencyKeyTtl.isZero()) {
			throw new IllegalArgumentException("atoll.instances.idempotency-key-ttl must be positive");
		}
	}

}
