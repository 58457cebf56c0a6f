package dev.atoll.controlplane.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.atoll.api.InstanceView;
import dev.atoll.api.NodeRegistered;
import dev.atoll.api.Role;
import dev.atoll.controlplane.ApiTest;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.FluxExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route the application exposes, called over HTTP with every role's token, with no
 * token, with a wrong token and with a node's token; what each must answer follows from
 * the route's entry in the access policy. A call that is allowed may still fail (400,
 * 404): it only must not be refused with 401 or 403.
 */
class AuthorizationMatrixApiTests extends ApiTest {

	private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)}");

	@Autowired
	ApplicationContext context;

	@Autowired
	AccessPolicy policy;

	/** Who calls: a role's API token, nobody, a wrong token, or the node's own token. */
	private record Caller(String name, String token, Role role) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	@TestFactory
	Stream<DynamicTest> everyRouteAnswersEveryCallerAsThePolicySays() {
		NodeRegistered node = registerNode("node-a", 1024, 4);
		InstanceView instance = createInstance("web-1", 256);
		awaitPlaced(instance.id());
		Map<String, String> variables = Map.of("nodeId", node.nodeId().toString(), "instanceId",
				instance.id().toString());

		List<Caller> callers = new ArrayList<>();
		for (Role role : Role.values()) {
			callers.add(new Caller(role.name(), createToken("matrix-" + role, role).secret(), role));
		}
		callers.add(new Caller("configured admin", ADMIN_TOKEN, Role.admin));
		callers.add(new Caller("no token", null, null));
		callers.add(new Caller("a wrong token", "not-a-token-of-this-control-plane", null));
		callers.add(new Caller("the node's token", node.nodeToken(), null));

		List<DynamicTest> tests = new ArrayList<>();
		for (Routes.Route route : Routes.of(this.context)) {
			AccessPolicy.Access access = this.policy.rules()
				.stream()
				.filter((rule) -> rule.method().equals(route.method())
						&& rule.pattern().getPatternString().equals(route.pattern()))
				.map(AccessPolicy.Rule::access)
				.findFirst()
				.orElse(AccessPolicy.ADMINS);
			String path = concrete(route.pattern(), variables);
			for (Caller caller : callers) {
				int expected = expected(access, caller, node);
				tests.add(DynamicTest.dynamicTest(route + " by " + caller + " → " + describe(expected),
						() -> check(route.method(), path, caller, expected)));
			}
		}
		return tests.stream();
	}

	/** 0 means "allowed": anything but 401 and 403. */
	private static int expected(AccessPolicy.Access access, Caller caller, NodeRegistered node) {
		return switch (access) {
			case AccessPolicy.Access.Open open -> 0;
			case AccessPolicy.Access.NodeCredential credential -> node.nodeToken().equals(caller.token()) ? 0 : 401;
			case AccessPolicy.Access.Roles roles ->
				(caller.role() == null) ? 401 : roles.allows(caller.role()) ? 0 : 403;
		};
	}

	private static String describe(int expected) {
		return (expected == 0) ? "allowed" : String.valueOf(expected);
	}

	private void check(HttpMethod method, String path, Caller caller, int expected) {
		WebTestClient client = (caller.token() != null) ? as(caller.token()) : this.anonymous;
		WebTestClient.RequestBodySpec request = client.method(method).uri(path);
		if (method.equals(HttpMethod.POST) || method.equals(HttpMethod.PUT) || method.equals(HttpMethod.PATCH)) {
			request.contentType(MediaType.APPLICATION_JSON).bodyValue("{}");
		}
		FluxExchangeResult<DataBuffer> result = request.exchange().returnResult(DataBuffer.class);
		HttpStatusCode status = result.getStatus();
		if (expected == 0) {
			result.getResponseBody().subscribe().dispose(); // a stream need not be read
															// to the end
			assertThat(status.value()).as(method + " " + path + " by " + caller).isNotIn(401, 403);
			return;
		}
		assertThat(status.value()).as(method + " " + path + " by " + caller).isEqualTo(expected);
		assertThat(result.getResponseHeaders().getContentType()).isNotNull()
			.matches((type) -> type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		result.getResponseBody().subscribe().dispose();
	}

	/**
	 * The pattern with its variables filled in; a trailing {@code /{*rest}} matches the
	 * bare path.
	 */
	private static String concrete(String pattern, Map<String, String> variables) {
		Matcher matcher = VARIABLE.matcher(pattern.replaceAll("/\\{\\*\\w+}$", ""));
		StringBuilder path = new StringBuilder();
		while (matcher.find()) {
			String value = variables.getOrDefault(matcher.group(1),
					matcher.group(1).endsWith("Id") ? UUID.randomUUID().toString() : "x");
			matcher.appendReplacement(path, Matcher.quoteReplacement(value));
		}
		matcher.appendTail(path);
		return path.toString();
	}

}
