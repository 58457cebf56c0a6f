package dev.atoll.agent.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.atoll.agent.console.ConsoleSnapshot;
import dev.atoll.agent.console.FrameCounters;
import dev.atoll.agent.reconcile.InstanceObservation;
import dev.atoll.agent.reconcile.Reconciler;
import dev.atoll.agent.system.ProcStat;
import dev.atoll.api.EndpointReport;
import dev.atoll.api.TaskReport;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The per-instance, per-task and per-endpoint series of this node: what the reconciler
 * tracks, what each console decoded, what the last telemetry record said of every task,
 * and each QEMU's resident memory and CPU time from {@code /proc}. Refreshed every second
 * and before each {@code /metrics} scrape: series of instances and tasks that are gone
 * are removed, so the label sets stay those of the instances on this one host.
 */
@Component
class InstanceMetrics {

	private final Reconciler reconciler;

	private final MeterRegistry registry;

	private final Clock clock;

	/** Guarded by {@code this}. */
	private final Map<Series, Registered> registered = new HashMap<>();

	InstanceMetrics(Reconciler reconciler, MeterRegistry registry, Clock clock) {
		this.reconciler = reconciler;
		this.registry = registry;
		this.clock = clock;
	}

	@Scheduled(fixedDelay = 1000)
	synchronized void refresh() {
		Map<Series, Double> values = new LinkedHashMap<>();
		Instant now = this.clock.instant();
		int instances = 0;
		long residentTotal = 0;
		for (InstanceObservation instance : this.reconciler.observations()) {
			instances++;
			residentTotal += observe(instance, now, values);
		}
		values.put(Series.gauge("atoll.node.instances", Tags.empty()), (double) instances);
		values.put(Series.gauge("atoll.node.qemu.resident.bytes", Tags.empty()), (double) residentTotal);
		for (Map.Entry<Series, Double> value : values.entrySet()) {
			this.registered.computeIfAbsent(value.getKey(), this::register).set(value.getValue());
		}
		this.registered.entrySet().removeIf((entry) -> {
			if (values.containsKey(entry.getKey())) {
				return false;
			}
			this.registry.remove(entry.getValue().meter());
			return true;
		});
	}

	/** Adds the instance's series; returns its QEMU's resident bytes (0 without one). */
	private static long observe(InstanceObservation instance, Instant now, Map<Series, Double> values) {
		Tags tags = Tags.of("instance", instance.id().toString(), "name", instance.name());
		values.put(Series.gauge("atoll.instance.phase", tags.and("phase", instance.phase().name())), 1.0);
		values.put(Series.gauge("atoll.instance.crashes", tags), (double) instance.crashes());
		ConsoleSnapshot console = instance.console();
		if (console != null) {
			FrameCounters frames = console.frames();
			values.put(Series.counter("atoll.instance.console.frames", tags), (double) frames.frames());
			values.put(Series.counter("atoll.instance.console.corrupt.frames", tags), (double) frames.corrupt());
			values.put(Series.counter("atoll.instance.console.noise.bytes", tags), (double) frames.noise());
			values.put(Series.counter("atoll.instance.telemetry.records", tags), (double) console.records());
			values.put(Series.counter("atoll.instance.telemetry.malformed.records", tags),
					(double) console.malformedRecords());
			if (console.lastRecord() != null) {
				values.put(Series.gauge("atoll.instance.telemetry.seq", tags), (double) console.lastRecord().seq());
				values.put(Series.gauge("atoll.instance.telemetry.age.seconds", tags),
						Duration.between(console.telemetryAt(), now).toMillis() / 1000.0);
				for (TaskReport task : console.lastRecord().tasks()) {
					Tags taskTags = Tags.of("instance", instance.id().toString(), "task", task.name());
					values.put(Series.gauge("atoll.task.memory.used.bytes", taskTags), (double) task.memoryUsedBytes());
					values.put(Series.gauge("atoll.task.memory.budget.bytes", taskTags),
							(double) task.memoryBudgetBytes());
					values.put(Series.gauge("atoll.task.priority", taskTags), (double) task.priority());
					values.put(Series.gauge("atoll.task.state", taskTags.and("state", task.state())), 1.0);
				}
				for (EndpointReport endpoint : console.lastRecord().endpoints()) {
					Tags endpointTags = Tags.of("instance", instance.id().toString(), "endpoint", endpoint.name(),
							"server", endpoint.server());
					values.put(Series.counter("atoll.endpoint.messages", endpointTags), (double) endpoint.messages());
				}
			}
		}
		long resident = 0;
		if (instance.pid().isPresent()) {
			long pid = instance.pid().getAsLong();
			resident = ProcStat.residentBytes(pid).orElse(0);
			values.put(Series.gauge("atoll.instance.qemu.resident.bytes", tags), (double) resident);
			ProcStat.of(pid)
				.ifPresent((stat) -> values.put(Series.counter("atoll.instance.qemu.cpu.seconds", tags),
						stat.cpuSeconds()));
		}
		return resident;
	}

	private Registered register(Series series) {
		Registered holder = new Registered();
		holder.meter = switch (series.type()) {
			case GAUGE ->
				Gauge.builder(series.name(), holder, Registered::get).tags(series.tags()).register(this.registry);
			case COUNTER -> FunctionCounter.builder(series.name(), holder, Registered::get)
				.tags(series.tags())
				.register(this.registry);
		};
		return holder;
	}

	private enum Type {

		GAUGE, COUNTER

	}

	private record Series(Type type, String name, Tags tags) {

		static Series gauge(String name, Tags tags) {
			return new Series(Type.GAUGE, name, tags);
		}

		static Series counter(String name, Tags tags) {
			return new Series(Type.COUNTER, name, tags);
		}

	}

	/** The current value of one registered series. */
	private static final class Registered {

		private final AtomicLong bits = new AtomicLong();

		private Meter meter;

		double get() {
			return Double.longBitsToDouble(this.bits.get());
		}

		void set(double value) {
			this.bits.set(Double.doubleToLongBits(value));
		}

		Meter meter() {
			return this.meter;
		}

	}

}
