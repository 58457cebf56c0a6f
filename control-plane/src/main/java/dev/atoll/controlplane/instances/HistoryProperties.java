package dev.atoll.controlplane.instances;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The short history of each instance's tasks and endpoints: a report whose telemetry
 * record is new adds a sample when the last one is at least {@code interval} old, and
 * deletes the oldest beyond {@code samples}. The defaults keep ten minutes.
 *
 * @param interval the least time between two samples of one instance
 * @param samples how many samples an instance keeps (0: no history)
 */
@ConfigurationProperties("atoll.history")
record HistoryProperties(@DefaultValue("10s") Duration interval, @DefaultValue("60") int samples) {

	HistoryProperties {
		if (interval.isNegative()) {
			throw new IllegalArgumentException("atoll.history.interval must not be negative");
		}
		if (samples < 0 || samples > 10_000) {
			throw new IllegalArgumentException("atoll.history.samples must be 0..10000");
		}
	}

}
