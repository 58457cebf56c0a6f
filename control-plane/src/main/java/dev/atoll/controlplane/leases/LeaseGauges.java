package dev.atoll.controlplane.leases;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import dev.atoll.api.LeaseState;
import dev.atoll.controlplane.system.EnumGauges;
import dev.atoll.controlplane.system.MetricsProperties;
import dev.atoll.controlplane.system.PeriodicTask;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * {@code atoll_leases{state}}: leases by state (ended ones until they are forgotten); and
 * {@code atoll_leases_queued}: the lease queue's length.
 */
@Component
class LeaseGauges extends PeriodicTask {

	LeaseGauges(MeterRegistry registry, LeaseRepository leases, MetricsProperties metrics) {
		super("Refreshing the lease gauges", metrics.refreshInterval(),
				refresh(new EnumGauges<>(registry, "atoll.leases", "CI leases by state", "state", LeaseState.class),
						queuedGauge(registry), leases));
	}

	private static Supplier<Mono<?>> refresh(EnumGauges<LeaseState> byState, AtomicLong queued,
			LeaseRepository leases) {
		return () -> leases.counts().doOnNext((counts) -> {
			byState.set(counts);
			queued.set(counts.getOrDefault(LeaseState.Queued, 0L));
		});
	}

	private static AtomicLong queuedGauge(MeterRegistry registry) {
		AtomicLong queued = new AtomicLong();
		Gauge.builder("atoll.leases.queued", queued, AtomicLong::get)
			.description("CI leases waiting for an instance to be placed (the lease queue)")
			.register(registry);
		return queued;
	}

}
