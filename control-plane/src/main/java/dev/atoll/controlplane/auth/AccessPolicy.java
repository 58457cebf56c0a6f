package dev.atoll.controlplane.auth;

import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.Role;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The one access policy: for each route (method and path pattern, written as the handlers
 * map them) who may call it. Deny by default: a route with no entry is for admins only,
 * and {@code AccessPolicyCoverageTests} fails while any route the application exposes
 * lacks one. Admins may do everything.
 */
@Component
class AccessPolicy {

	/** Who may call a route. */
	sealed interface Access {

		/** Anyone, without a credential. */
		record Open() implements Access {
		}

		/**
		 * An agent with the node token of the node in the path ({@code {nodeId}}); API
		 * tokens do not pass.
		 */
		record NodeCredential() implements Access {
		}

		/** An API token with one of these roles, or an admin token. */
		record Roles(Set<Role> roles) implements Access {

			public Roles {
				roles = Set.copyOf(roles);
			}

			boolean allows(Role role) {
				return role == Role.admin || this.roles.contains(role);
			}

			/** The allowed roles, admin last, for messages. */
			String describe() {
				return EnumSet.allOf(Role.class)
					.stream()
					.filter(this::allows)
					.sorted(Comparator.comparing((Role role) -> role == Role.admin))
					.map(Role::name)
					.collect(Collectors.joining(", "));
			}

		}

	}

	/**
	 * One entry of the policy.
	 *
	 * @param method the HTTP method
	 * @param pattern the route's path pattern, as the handler maps it
	 * @param access who may call it
	 */
	record Rule(HttpMethod method, PathPattern pattern, Access access) {
	}

	static final Access OPEN = new Access.Open();

	static final Access NODE = new Access.NodeCredential();

	/** Everyone with an API token except join tokens, which only register nodes. */
	static final Access.Roles READERS = new Access.Roles(Set.of(Role.viewer, Role.operator, Role.ci));

	static final Access.Roles OPERATORS = new Access.Roles(Set.of(Role.operator));

	/** CI jobs: leases (a CI token manages only its own; the handlers check that). */
	static final Access.Roles CI = new Access.Roles(Set.of(Role.ci));

	/** Exec inside an instance: operators, and CI jobs on the instances they test. */
	static final Access.Roles EXEC = new Access.Roles(Set.of(Role.operator, Role.ci));

	static final Access.Roles ADMINS = new Access.Roles(Set.of());

	static final Access.Roles JOIN = new Access.Roles(Set.of(Role.join));

	private static final PathPatternParser PARSER = new PathPatternParser();

	private final List<Rule> rules;

	AccessPolicy(AuthProperties properties) {
		Access metrics = properties.openMetrics() ? OPEN : READERS;
		this.rules = List.of(
				// Probes and Prometheus: health and info always open; metrics read-only,
				// open unless atoll.auth.open-metrics=false.
				rule(HttpMethod.GET, "/actuator", OPEN), rule(HttpMethod.GET, "/actuator/health", OPEN),
				rule(HttpMethod.GET, "/actuator/health/{*path}", OPEN), rule(HttpMethod.GET, "/actuator/info", OPEN),
				rule(HttpMethod.GET, "/actuator/prometheus", metrics),
				rule(HttpMethod.GET, ApiPaths.PROMETHEUS_TARGETS, metrics),

				// Nodes: agents join with a join token, then speak with their node token.
				rule(HttpMethod.POST, ApiPaths.NODES, JOIN), rule(HttpMethod.GET, ApiPaths.NODES, READERS),
				rule(HttpMethod.GET, ApiPaths.NODE, READERS),
				rule(HttpMethod.PUT, ApiPaths.NODE_ADMIN_STATE, OPERATORS),
				rule(HttpMethod.PUT, ApiPaths.NODE_HEARTBEAT, NODE),
				rule(HttpMethod.PUT, ApiPaths.NODE_INSTANCE_STATUS, NODE),
				rule(HttpMethod.GET, ApiPaths.NODE_NUDGES, NODE), rule(HttpMethod.GET, ApiPaths.NODE_EXEC, NODE),
				rule(HttpMethod.PUT, ApiPaths.NODE_EXEC_RESULT, NODE),

				// Instances.
				rule(HttpMethod.POST, ApiPaths.INSTANCES, OPERATORS), rule(HttpMethod.GET, ApiPaths.INSTANCES, READERS),
				rule(HttpMethod.GET, ApiPaths.INSTANCE, READERS), rule(HttpMethod.PATCH, ApiPaths.INSTANCE, OPERATORS),
				rule(HttpMethod.DELETE, ApiPaths.INSTANCE, OPERATORS),
				rule(HttpMethod.GET, ApiPaths.INSTANCE_EVENTS, READERS),
				rule(HttpMethod.GET, ApiPaths.INSTANCE_TASKS, READERS),
				rule(HttpMethod.GET, ApiPaths.INSTANCE_ENDPOINTS, READERS),
				rule(HttpMethod.GET, ApiPaths.INSTANCE_HISTORY, READERS),
				rule(HttpMethod.GET, ApiPaths.INSTANCE_CONSOLE, READERS),
				// Exec runs commands inside an instance (restart a task...): operators
				// and CI.
				rule(HttpMethod.POST, ApiPaths.INSTANCE_EXEC, EXEC),

				// Watch streams.
				rule(HttpMethod.GET, ApiPaths.WATCH_INSTANCES, READERS),
				rule(HttpMethod.GET, ApiPaths.WATCH_NODES, READERS),
				rule(HttpMethod.GET, ApiPaths.WATCH_LEASES, READERS),
				rule(HttpMethod.GET, ApiPaths.WATCH_ROLLOUTS, READERS),
				rule(HttpMethod.GET, ApiPaths.WATCH_SYSTEMS, READERS),
				rule(HttpMethod.GET, ApiPaths.WATCH_IMAGES, READERS),

				// Systems (a dry run is a POST or PATCH too: operators).
				rule(HttpMethod.POST, ApiPaths.SYSTEMS, OPERATORS), rule(HttpMethod.GET, ApiPaths.SYSTEMS, READERS),
				rule(HttpMethod.GET, ApiPaths.SYSTEM, READERS), rule(HttpMethod.PATCH, ApiPaths.SYSTEM, OPERATORS),
				rule(HttpMethod.DELETE, ApiPaths.SYSTEM, OPERATORS),
				rule(HttpMethod.GET, ApiPaths.SYSTEM_REVISIONS, READERS),
				rule(HttpMethod.GET, ApiPaths.SYSTEM_REVISION, READERS),

				// Images (immutable: register and delete are operators').
				rule(HttpMethod.POST, ApiPaths.IMAGES, OPERATORS), rule(HttpMethod.GET, ApiPaths.IMAGES, READERS),
				rule(HttpMethod.GET, ApiPaths.IMAGE, READERS), rule(HttpMethod.DELETE, ApiPaths.IMAGE, OPERATORS),

				// CI leases: a ci token creates, renews and releases its own; everyone
				// reads.
				rule(HttpMethod.POST, ApiPaths.LEASES, CI), rule(HttpMethod.GET, ApiPaths.LEASES, READERS),
				rule(HttpMethod.GET, ApiPaths.LEASE, READERS), rule(HttpMethod.DELETE, ApiPaths.LEASE, CI),
				rule(HttpMethod.POST, ApiPaths.LEASE_RENEW, CI),

				// Rollouts: operators start and steer them, everyone reads their
				// progress.
				rule(HttpMethod.POST, ApiPaths.ROLLOUTS, OPERATORS), rule(HttpMethod.GET, ApiPaths.ROLLOUTS, READERS),
				rule(HttpMethod.GET, ApiPaths.ROLLOUT, READERS),
				rule(HttpMethod.POST, ApiPaths.ROLLOUT_PAUSE, OPERATORS),
				rule(HttpMethod.POST, ApiPaths.ROLLOUT_RESUME, OPERATORS),
				rule(HttpMethod.POST, ApiPaths.ROLLOUT_ABORT, OPERATORS),

				// The API's own description, and the dashboard's static files (its API
				// calls carry the user's token).
				rule(HttpMethod.GET, ApiPaths.OPENAPI, OPEN), rule(HttpMethod.GET, ApiPaths.DASHBOARD, OPEN),
				rule(HttpMethod.GET, ApiPaths.DASHBOARD + "/", OPEN),
				rule(HttpMethod.GET, ApiPaths.DASHBOARD + "/{file}", OPEN),

				// API tokens.
				rule(HttpMethod.POST, ApiPaths.TOKENS, ADMINS), rule(HttpMethod.GET, ApiPaths.TOKENS, ADMINS),
				rule(HttpMethod.DELETE, ApiPaths.TOKEN, ADMINS),

				// The audit log of mutations.
				rule(HttpMethod.GET, ApiPaths.AUDIT, ADMINS));
	}

	private static Rule rule(HttpMethod method, String pattern, Access access) {
		return new Rule(method, PARSER.parse(pattern), access);
	}

	List<Rule> rules() {
		return this.rules;
	}

	/**
	 * The entry for a request, the most specific when several patterns match; HEAD is
	 * allowed as GET is. Empty: the route is not in the policy.
	 */
	Optional<Rule> find(HttpMethod method, PathContainer path) {
		HttpMethod effective = HttpMethod.HEAD.equals(method) ? HttpMethod.GET : method;
		return this.rules.stream()
			.filter((rule) -> rule.method().equals(effective) && rule.pattern().matches(path))
			.min(Comparator.comparing(Rule::pattern, PathPattern.SPECIFICITY_COMPARATOR));
	}

}
