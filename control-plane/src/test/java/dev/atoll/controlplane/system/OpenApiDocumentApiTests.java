package dev.atoll.controlplane.system;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.atoll.api.ApiPaths;
import dev.atoll.controlplane.ApiTest;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The served OpenAPI document lists exactly the routes the service exposes: a route added
 * without documenting it (or documented and then removed) fails here.
 */
class OpenApiDocumentApiTests extends ApiTest {

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	private RequestMappingHandlerMapping mappings;

	@Test
	void theDocumentIsServedAndListsEveryRouteAndNoOther() {
		String yaml = this.web.get()
			.uri(ApiPaths.OPENAPI)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		Map<String, Object> document = new Yaml().load(yaml);
		assertThat(document).containsKeys("openapi", "info", "paths", "components");
		Set<String> documented = new TreeSet<>();
		@SuppressWarnings("unchecked")
		Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
		paths.forEach((path, operations) -> operations.keySet()
			.forEach((method) -> documented.add(method.toUpperCase() + " " + path)));

		Set<String> served = new TreeSet<>();
		for (RequestMappingInfo route : this.mappings.getHandlerMethods().keySet()) {
			route.getPatternsCondition()
				.getPatterns()
				.forEach((pattern) -> route.getMethodsCondition()
					.getMethods()
					.forEach((method) -> served.add(method.name() + " " + pattern.getPatternString())));
		}
		assertThat(served).as("routes the service exposes").isNotEmpty();
		assertThat(documented).as("operations in openapi.yaml").containsExactlyInAnyOrderElementsOf(served);
	}

}
