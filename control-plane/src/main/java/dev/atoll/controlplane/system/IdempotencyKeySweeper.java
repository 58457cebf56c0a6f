package dev.atoll.controlplane.system;

import java.time.Duration;

import org.springframework.stereotype.Component;

/**
 * Deletes expired idempotency keys every ten minutes. An expired key is also ignored (and
 * replaced) when it is used again before the sweep.
 */
@Component
class IdempotencyKeySweeper extends PeriodicTask {

	IdempotencyKeySweeper(IdempotencyKeys keys) {
		super("Forgetting expired idempotency keys", Duration.ofMinutes(10), keys::forgetExpired);
	}

}
