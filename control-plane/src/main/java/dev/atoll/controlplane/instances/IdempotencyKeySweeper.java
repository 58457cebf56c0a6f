package dev.atoll.controlplane.instances;

import java.time.Duration;

import dev.atoll.controlplane.system.PeriodicTask;

import org.springframework.stereotype.Component;

/**
 * Deletes expired idempotency keys every ten minutes. An expired key is also ignored (and
 * replaced) when it is used again before the sweep.
 */
@Component
class IdempotencyKeySweeper extends PeriodicTask {

	IdempotencyKeySweeper(InstanceRepository instances) {
		super("Forgetting expired idempotency keys", Duration.ofMinutes(10), instances::forgetExpiredKeys);
	}

}
