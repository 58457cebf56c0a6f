package dev.atoll.controlplane.dashboard;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.atoll.api.ApiPaths;
import dev.atoll.controlplane.ApiTest;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's files are served to anyone with their content types, and the dashboard
 * cannot drift from the API: every {@code /api/v1/} path its scripts call is an operation
 * of the served OpenAPI document.
 */
class DashboardApiTests extends ApiTest {

	/** A path literal in a script: '...', "..." or `...` starting with /api/v1/. */
	private static final Pattern API_PATH = Pattern.compile("['\"`](/api/v1/[^'\"`]*)['\"`]");

	/** A module import of a sibling file. */
	private static final Pattern IMPORT = Pattern.compile("from '\\./([a-z0-9-]+\\.js)'");

	@Test
	void thePageIsServedWithoutATokenAsHtml() {
		String page = this.anonymous.get()
			.uri(ApiPaths.DASHBOARD + "/")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType("text/html;charset=UTF-8")
			.expectHeader()
			.valueMatches("Content-Security-Policy", ".*default-src 'self'.*")
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(page).contains("<script type=\"module\" src=\"app.js\"></script>")
			.contains("<link rel=\"stylesheet\" href=\"style.css\">");
	}

	@Test
	void scriptsAndStylesCarryTheirContentTypes() {
		for (String script : Set.of("app.js", "api.js", "chart.js")) {
			this.anonymous.get()
				.uri(ApiPaths.DASHBOARD + "/" + script)
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.contentType("text/javascript;charset=UTF-8")
				.expectHeader()
				.valueEquals("X-Content-Type-Options", "nosniff");
		}
		this.anonymous.get()
			.uri(ApiPaths.DASHBOARD + "/style.css")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType("text/css;charset=UTF-8");
	}

	@Test
	void everyModuleTheScriptsImportIsServed() {
		Set<String> seen = new TreeSet<>();
		Set<String> pending = new TreeSet<>(Set.of("app.js"));
		while (!pending.isEmpty()) {
			String file = pending.iterator().next();
			pending.remove(file);
			seen.add(file);
			Matcher imports = IMPORT.matcher(script(file));
			while (imports.find()) {
				if (!seen.contains(imports.group(1))) {
					pending.add(imports.group(1));
				}
			}
		}
		assertThat(seen).containsExactlyInAnyOrder("app.js", "api.js", "chart.js");
	}

	@Test
	void theBareRootRedirectsToThePage() {
		this.anonymous.get()
			.uri(ApiPaths.DASHBOARD)
			.exchange()
			.expectStatus()
			.isEqualTo(301)
			.expectHeader()
			.valueEquals(HttpHeaders.LOCATION, ApiPaths.DASHBOARD + "/");
	}

	@Test
	void aFileTheDashboardDoesNotHaveIsAProblem() {
		expectProblem(this.anonymous.get().uri(ApiPaths.DASHBOARD + "/missing.js").exchange(), 404).jsonPath("$.detail")
			.isEqualTo("the dashboard has no file 'missing.js'");
		expectProblem(this.anonymous.get().uri(ApiPaths.DASHBOARD + "/application.properties").exchange(), 404);
		expectProblem(this.anonymous.get().uri(ApiPaths.DASHBOARD + "/%2e%2e%2fopenapi.yaml").exchange(), 404);
	}

	@Test
	void everyApiPathTheScriptsCallIsAGetOperationOfTheOpenApiDocument() {
		Map<String, Object> document = new Yaml().load(textOf(ApiPaths.OPENAPI));
		@SuppressWarnings("unchecked")
		Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
		Set<String> documented = new TreeSet<>();
		paths.forEach((path, operations) -> {
			if (operations.containsKey("get")) {
				documented.add(path.replaceAll("\\{[^}]+}", "{}"));
			}
		});

		Set<String> called = new TreeSet<>();
		for (String file : Set.of("app.js", "api.js", "chart.js")) {
			Matcher literal = API_PATH.matcher(script(file));
			while (literal.find()) {
				called.add(literal.group(1).replaceAll("\\$\\{[^}]*}", "{}").replaceAll("\\?.*", ""));
			}
		}

		assertThat(called).as("API paths the dashboard calls")
			.contains("/api/v1/watch/instances", "/api/v1/watch/nodes", "/api/v1/watch/leases",
					"/api/v1/watch/rollouts", "/api/v1/instances/{}/console");
		assertThat(documented).as("GET operations of openapi.yaml").containsAll(called);
	}

	private String script(String file) {
		return this.anonymous.get()
			.uri(ApiPaths.DASHBOARD + "/" + file)
			.accept(MediaType.ALL)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

}
