package dev.atoll.api;

import java.util.Map;

/**
 * What an agent says about its node when it registers.
 *
 * @param name unique node name (a host name)
 * @param architecture host architecture of the instances it runs, e.g. {@code aarch64}
 * @param memoryMb memory the node offers to instances
 * @param instanceSlots how many instances it runs at most
 * @param labels free-form labels for scheduling (backend, board type)
 * @param metricsUrl where the agent serves its Prometheus metrics
 */
public record NodeRegistration(String name, String architecture, int memoryMb, int instanceSlots,
		Map<String, String> labels, String metricsUrl) {
}
