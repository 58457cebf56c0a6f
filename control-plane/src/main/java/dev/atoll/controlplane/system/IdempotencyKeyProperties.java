package dev.atoll.controlplane.system;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the answer to a POST with an {@code Idempotency-Key} is remembered.
 *
 * @param ttl time from the first use of a key until it is forgotten
 */
@ConfigurationProperties("atoll.idempotency-keys")
record IdempotencyKeyProperties(@DefaultValue("24h") Duration ttl) {

	IdempotencyKeyProperties {
		if (ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("atoll.idempotency-keys.ttl must be positive");
		}
	}

}
