package dev.atoll.controlplane.nodes;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How often agents must send a heartbeat. A node whose last heartbeat is older than three
 * intervals is offline: nothing new is placed on it.
 *
 * @param heartbeatInterval the interval told to every agent
 */
@ConfigurationProperties("atoll.nodes")
record NodeProperties(@DefaultValue("1s") Duration heartbeatInterval) {

	NodeProperties {
		if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
			throw new IllegalArgumentException("atoll.nodes.heartbeat-interval must be positive");
		}
	}

	Duration offlineAfter() {
		return this.heartbeatInterval.multipliedBy(3);
	}

}
