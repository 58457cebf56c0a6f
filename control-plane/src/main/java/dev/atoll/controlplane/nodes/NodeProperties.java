package dev.atoll.controlplane.nodes;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The heartbeat deadline. A node whose last heartbeat is older than three intervals is
 * Disconnected (nothing new is placed on it); older than {@code offlineAfter} it is
 * Offline.
 *
 * @param heartbeatInterval the interval told to every agent
 * @param offlineAfter silence after which a node is Offline; never shorter than the
 * disconnection deadline
 */
@ConfigurationProperties("atoll.nodes")
record NodeProperties(@DefaultValue("1s") Duration heartbeatInterval, @DefaultValue("60s") Duration offlineAfter) {

	NodeProperties {
		if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
			throw new IllegalArgumentException("atoll.nodes.heartbeat-interval must be positive");
		}
		if (offlineAfter.isNegative()) {
			throw new IllegalArgumentException("atoll.nodes.offline-after must not be negative");
		}
	}

	/** One missed heartbeat, with slack: three intervals. */
	Duration disconnectedAfter() {
		return this.heartbeatInterval.multipliedBy(3);
	}

	/** The grace period, at least as long as the disconnection deadline. */
	Duration offlineDeadline() {
		Duration disconnected = disconnectedAfter();
		return (this.offlineAfter.compareTo(disconnected) > 0) ? this.offlineAfter : disconnected;
	}

}
