package dev.atoll.controlplane.auth;

import java.util.List;

import dev.atoll.controlplane.ApiTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

class AccessPolicyCoverageTests extends ApiTest {

	@Autowired
	ApplicationContext context;

	@Autowired
	AccessPolicy policy;

	@Test
	void everyRouteTheApplicationExposesHasAnEntryInTheAccessPolicy() {
		List<Routes.Route> routes = Routes.of(this.context);
		assertThat(routes).extracting(Routes.Route::pattern).contains("/api/v1/instances", "/actuator/health");

		List<Routes.Route> missing = routes.stream().filter((route) -> entry(route) == null).toList();

		assertThat(missing)
			.withFailMessage(() -> "These routes have no entry in AccessPolicy (auth/AccessPolicy.java); add one "
					+ "saying which roles may call each:\n  "
					+ String.join("\n  ", missing.stream().map(String::valueOf).toList()))
			.isEmpty();
	}

	@Test
	void everyEntryOfThePolicyNamesARouteThatExists() {
		List<Routes.Route> routes = Routes.of(this.context);

		List<String> stale = this.policy.rules()
			.stream()
			.filter((rule) -> !routes.contains(new Routes.Route(rule.method(), rule.pattern().getPatternString())))
			.map((rule) -> rule.method() + " " + rule.pattern().getPatternString())
			.toList();

		assertThat(stale).withFailMessage(() -> "AccessPolicy has entries for routes that do not exist: " + stale)
			.isEmpty();
	}

	/** The rule written for exactly this method and pattern. */
	private AccessPolicy.Rule entry(Routes.Route route) {
		return this.policy.rules()
			.stream()
			.filter((rule) -> rule.method().equals(route.method())
					&& rule.pattern().getPatternString().equals(route.pattern()))
			.findFirst()
			.orElse(null);
	}

}
