package dev.atoll.controlplane.auth;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.Role;
import dev.atoll.controlplane.nodes.AuthenticatedNode;
import dev.atoll.controlplane.nodes.NodeRegistry;
import dev.atoll.controlplane.system.Caller;
import dev.atoll.controlplane.system.Outcome;
import dev.atoll.controlplane.system.Problem;
import dev.atoll.controlplane.system.ProblemHandler;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;

/**
 * The hook: every request passes the {@link AccessPolicy} before any handler runs, so a
 * refusal comes before the body is read. 401 without a valid credential (an API token, or
 * on node routes the token of the node in the path), 403 when the token's role may not
 * call the route, both problem+json. A route missing from the policy is for admins only
 * (an admin then gets the framework's 404 or 405 for a route that does not exist).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class AuthorizationFilter implements WebFilter {

	/** The path variable naming the node whose token a node route requires. */
	static final String NODE_ID = "nodeId";

	private final AccessPolicy policy;

	private final ApiTokens tokens;

	private final NodeRegistry nodes;

	private static final Set<HttpMethod> MUTATIONS = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
			HttpMethod.DELETE);

	private final List<HttpMessageWriter<?>> writers;

	private final AuditRepository audit;

	AuthorizationFilter(AccessPolicy policy, ApiTokens tokens, NodeRegistry nodes, AuditRepository audit,
			ServerCodecConfigurer codecs) {
		this.policy = policy;
		this.tokens = tokens;
		this.nodes = nodes;
		this.audit = audit;
		this.writers = codecs.getWriters();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		Optional<AccessPolicy.Rule> rule = this.policy.find(request.getMethod(),
				request.getPath().pathWithinApplication());
		String authorization = request.getHeaders().getFirst(ApiPaths.AUTHORIZATION);
		return switch (rule.map(AccessPolicy.Rule::access).orElse(AccessPolicy.ADMINS)) {
			case AccessPolicy.Access.Open open -> chain.filter(exchange);
			case AccessPolicy.Access.NodeCredential node -> nodeId(rule.get(), request)
				.map((nodeId) -> this.nodes.authenticate(nodeId, authorization).flatMap((outcome) -> switch (outcome) {
					case Outcome.Success<AuthenticatedNode>(AuthenticatedNode authenticated) -> {
						// The one check of the node token: the handler takes the node
						// from here.
						exchange.getAttributes().put(AuthenticatedNode.ATTRIBUTE, authenticated);
						yield chain.filter(exchange);
					}
					case Outcome.Failure<AuthenticatedNode>(Problem problem) -> refuse(exchange, problem);
				}))
				// Not a UUID: the handler answers 400 before it could act for any node.
				.orElseGet(() -> chain.filter(exchange));
			case AccessPolicy.Access.Roles roles ->
				this.tokens.authenticate(authorization).flatMap((outcome) -> switch (outcome) {
					case Outcome.Success<Caller>(Caller caller) when roles.allows(caller.role()) -> {
						exchange.getAttributes().put(Caller.ATTRIBUTE, caller);
						yield audited(exchange, caller, chain);
					}
					case Outcome.Success<Caller>(Caller caller) ->
						refuse(exchange, new Problem.Forbidden(refusal(request, rule, caller.role(), roles)));
					case Outcome.Failure<Caller>(Problem problem) -> refuse(exchange, problem);
				});
		};
	}

	/**
	 * Runs the handler; a mutation (POST, PUT, PATCH, DELETE) goes into the audit log
	 * with the status it is answered with, before the answer leaves, so that whoever sees
	 * the answer finds the entry.
	 */
	private Mono<Void> audited(ServerWebExchange exchange, Caller caller, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		if (MUTATIONS.contains(request.getMethod())) {
			exchange.getResponse().beforeCommit(() -> {
				HttpStatusCode status = exchange.getResponse().getStatusCode();
				return this.audit.record(caller, request.getMethod().name(), request.getPath().value(),
						(status != null) ? status.value() : 200);
			});
		}
		return chain.filter(exchange);
	}

	private Mono<Void> refuse(ServerWebExchange exchange, Problem problem) {
		return ProblemHandler.write(exchange, problem, this.writers);
	}

	private static Optional<UUID> nodeId(AccessPolicy.Rule rule, ServerHttpRequest request) {
		PathPattern.PathMatchInfo match = rule.pattern().matchAndExtract(request.getPath().pathWithinApplication());
		String nodeId = (match != null) ? match.getUriVariables().get(NODE_ID) : null;
		if (nodeId == null) {
			return Optional.empty();
		}
		try {
			return Optional.of(UUID.fromString(nodeId));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	private static String refusal(ServerHttpRequest request, Optional<AccessPolicy.Rule> rule, Role role,
			AccessPolicy.Access.Roles roles) {
		String route = request.getMethod() + " " + rule.map((found) -> found.pattern().getPatternString())
			.orElse(request.getPath().pathWithinApplication().value());
		if (rule.isEmpty()) {
			return route + " is not in the access policy; only admin may call it";
		}
		return "role " + role + " may not " + route + "; allowed: " + roles.describe();
	}

}
