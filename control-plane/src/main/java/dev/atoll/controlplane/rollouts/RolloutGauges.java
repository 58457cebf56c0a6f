package dev.atoll.controlplane.rollouts;

import java.util.function.Supplier;

import dev.atoll.api.RolloutState;
import dev.atoll.controlplane.system.EnumGauges;
import dev.atoll.controlplane.system.MetricsProperties;
import dev.atoll.controlplane.system.PeriodicTask;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/** {@code atoll_rollouts{state}}: rollouts by state, every state present. */
@Component
class RolloutGauges extends PeriodicTask {

	RolloutGauges(MeterRegistry registry, RolloutRepository rollouts, MetricsProperties metrics) {
		super("Refreshing the rollout gauges", metrics.refreshInterval(),
				refresh(new EnumGauges<>(registry, "atoll.rollouts", "Rollouts by state", "state", RolloutState.class),
						rollouts));
	}

	private static Supplier<Mono<?>> refresh(EnumGauges<RolloutState> byState, RolloutRepository rollouts) {
		return () -> rollouts.counts().doOnNext(byState::set);
	}

}
