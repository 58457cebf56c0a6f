package dev.atoll.controlplane.system;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How often the fleet gauges are read from the database.
 *
 * @param refreshInterval time between two refreshes
 */
@ConfigurationProperties("atoll.metrics")
public record MetricsProperties(@DefaultValue("2s") Duration refreshInterval) {

	public MetricsProperties {
		if (refreshInterval.isNegative() || refreshInterval.isZero()) {
			throw new IllegalArgumentException("atoll.metrics.refresh-interval must be positive");
		}
	}

}
