package dev.atoll.controlplane.nodes;

import java.util.function.Supplier;

import dev.atoll.api.NodeConnectivity;
import dev.atoll.controlplane.system.EnumGauges;
import dev.atoll.controlplane.system.PeriodicTask;
import dev.atoll.controlplane.system.MetricsProperties;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/** {@code atoll_nodes{connectivity}}: registered nodes by connectivity state. */
@Component
class NodeGauges extends PeriodicTask {

	NodeGauges(MeterRegistry registry, NodeRepository nodes, NodeProperties properties, MetricsProperties metrics) {
		super("Refreshing the node gauges", metrics.refreshInterval(), refresh(new EnumGauges<>(registry, "atoll.nodes",
				"Registered nodes by connectivity state", "connectivity", NodeConnectivity.class), nodes, properties));
	}

	private static Supplier<Mono<?>> refresh(EnumGauges<NodeConnectivity> gauges, NodeRepository nodes,
			NodeProperties properties) {
		return () -> nodes.countByConnectivity(properties.disconnectedAfter(), properties.offlineDeadline())
			.doOnNext(gauges::set);
	}

}
