package dev.atoll.api;

import java.util.List;

/**
 * One endpoint as the last telemetry record from inside an instance described it: a
 * service task's endpoint, who serves it, who may call it, and how much went through it.
 *
 * @param name the endpoint (the service's name in the boot configuration)
 * @param server the task serving it
 * @param clients the tasks that may call it, in the record's order (empty for none)
 * @param messages messages sent through it since the instance booted (calls, sends and
 * faults; not replies), the kernel's per-endpoint count
 */
public record EndpointReport(String name, String server, List<String> clients, long messages) {

	public EndpointReport {
		clients = (clients != null) ? List.copyOf(clients) : List.of();
	}

}
