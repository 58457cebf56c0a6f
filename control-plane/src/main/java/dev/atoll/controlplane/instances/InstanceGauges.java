package dev.atoll.controlplane.instances;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import dev.atoll.api.Phase;
import dev.atoll.controlplane.system.EnumGauges;
import dev.atoll.controlplane.system.PeriodicTask;
import dev.atoll.controlplane.system.MetricsProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * {@code atoll_instances{phase}}: instances by observed phase; and
 * {@code atoll_instances_pending}: the placement queue length (unplaced, not deleting).
 */
@Component
class InstanceGauges extends PeriodicTask {

	InstanceGauges(MeterRegistry registry, InstanceRepository instances, MetricsProperties metrics) {
		super("Refreshing the instance gauges", metrics.refreshInterval(), refresh(
				new EnumGauges<>(registry, "atoll.instances", "Instances by observed phase", "phase", Phase.class),
				pendingGauge(registry), instances));
	}

	private static AtomicLong pendingGauge(MeterRegistry registry) {
		AtomicLong pending = new AtomicLong();
		Gauge.builder("atoll.instances.pending", pending, AtomicLong::get)
			.description("Instances waiting for placement (the scheduler's queue)")
			.register(registry);
		return pending;
	}

	private static Supplier<Mono<?>> refresh(EnumGauges<Phase> byPhase, AtomicLong pending,
			InstanceRepository instances) {
		return () -> instances.counts().doOnNext((counts) -> {
			byPhase.set(counts.byPhase());
			pending.set(counts.pending());
		});
	}

}
