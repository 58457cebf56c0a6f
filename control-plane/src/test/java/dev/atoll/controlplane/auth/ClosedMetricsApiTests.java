package dev.atoll.controlplane.auth;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.Role;
import dev.atoll.controlplane.ApiTest;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

/**
 * With {@code atoll.auth.open-metrics=false} Prometheus needs a token; health stays open.
 */
@TestPropertySource(properties = "atoll.auth.open-metrics=false")
class ClosedMetricsApiTests extends ApiTest {

	@Test
	void metricsAndServiceDiscoveryNeedAnyApiToken() {
		String viewer = createToken("prometheus", Role.viewer).secret();
		for (String path : new String[] { "/actuator/prometheus", ApiPaths.PROMETHEUS_TARGETS }) {
			expectProblem(this.anonymous.get().uri(path).exchange(), 401);
			as(viewer).get().uri(path).exchange().expectStatus().isOk();
		}
		this.anonymous.get().uri("/actuator/health").exchange().expectStatus().isOk();
	}

}
