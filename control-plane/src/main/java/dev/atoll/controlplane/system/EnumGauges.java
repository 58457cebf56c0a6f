package dev.atoll.controlplane.system;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One gauge per value of an enum, under one name and one tag: the label values are the
 * enum's constants and nothing else, so the cardinality is bounded by the code. The
 * values are set by a periodic refresh, never read from the database during a scrape.
 *
 * @param <E> the enum whose constants are the tag values
 */
public final class EnumGauges<E extends Enum<E>> {

	private final Map<E, AtomicLong> values;

	public EnumGauges(MeterRegistry registry, String name, String description, String tag, Class<E> type) {
		this.values = new EnumMap<>(type);
		for (E constant : type.getEnumConstants()) {
			AtomicLong value = new AtomicLong();
			this.values.put(constant, value);
			Gauge.builder(name, value, AtomicLong::get)
				.description(description)
				.tag(tag, constant.name())
				.register(registry);
		}
	}

	/** Sets every gauge: a constant missing from {@code counts} is 0. */
	public void set(Map<E, Long> counts) {
		this.values.forEach((constant, value) -> value.set(counts.getOrDefault(constant, 0L)));
	}

}
