package dev.atoll.agent.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /metrics}: the node's series in the Prometheus text format, the same registry
 * {@code /actuator/prometheus} serves, refreshed right before the scrape.
 */
@RestController
class MetricsController {

	static final MediaType PROMETHEUS_TEXT = MediaType.parseMediaType("text/plain;version=0.0.4;charset=utf-8");

	private final InstanceMetrics instances;

	private final PrometheusMeterRegistry registry;

	MetricsController(InstanceMetrics instances, PrometheusMeterRegistry registry) {
		this.instances = instances;
		this.registry = registry;
	}

	@GetMapping("/metrics")
	ResponseEntity<String> metrics() {
		this.instances.refresh();
		return ResponseEntity.ok().contentType(PROMETHEUS_TEXT).body(this.registry.scrape());
	}

}
