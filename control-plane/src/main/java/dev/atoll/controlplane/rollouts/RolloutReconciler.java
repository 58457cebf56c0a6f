package dev.atoll.controlplane.rollouts;

import java.util.function.Supplier;

import dev.atoll.controlplane.system.PeriodicTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Steps every active rollout once per {@code atoll.rollouts.interval}. It keeps nothing
 * in memory between passes: each step reads the rollout and its instances anew, so any
 * replica can take the next one, and one that restarts goes on where the database says.
 */
@Component
class RolloutReconciler extends PeriodicTask {

	private static final Logger log = LoggerFactory.getLogger(RolloutReconciler.class);

	RolloutReconciler(RolloutRepository rollouts, RolloutProperties properties) {
		super("Stepping the rollouts", properties.interval(), pass(rollouts));
	}

	private static Supplier<Mono<?>> pass(RolloutRepository rollouts) {
		return () -> rollouts.active()
			.flatMapMany(Flux::fromIterable)
			.concatMap((id) -> rollouts.step(id).doOnNext((stepped) -> stepped.ifPresent((step) -> {
				if (step.before() != step.after()) {
					log.info("Rollout {}: {} -> {}: {}", id, step.before(), step.after(), step.message());
				}
			})))
			.then();
	}

}
