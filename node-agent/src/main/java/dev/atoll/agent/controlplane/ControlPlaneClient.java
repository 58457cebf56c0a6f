package dev.atoll.agent.controlplane;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import dev.atoll.agent.system.AgentProperties;
import dev.atoll.api.ApiPaths;
import dev.atoll.api.ExecReport;
import dev.atoll.api.InstanceReport;
import dev.atoll.api.NodeAssignments;
import dev.atoll.api.NodeHeartbeat;
import dev.atoll.api.NodeRegistered;
import dev.atoll.api.NodeRegistration;
import dev.atoll.api.PendingExec;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.BufferingClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * The agent's client of the control plane API (JDK HttpClient, blocking, called from the
 * agent's own session thread). Every call answers a {@link Reply}; none throws.
 */
@Component
class ControlPlaneClient {

	static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

	static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

	private final RestClient http;

	/** {@code Authorization} of a registration: the join token, or none when unset. */
	private final Optional<String> joinAuthorization;

	/**
	 * @param joinToken {@code atoll.agent.join-token}: the API token with role
	 * {@code join} that registration requires (an admin token works too); once
	 * registered, the agent uses its node token
	 */
	ControlPlaneClient(RestClient.Builder builder, AgentProperties properties,
			@Value("${atoll.agent.join-token:}") String joinToken) {
		this.joinAuthorization = (joinToken == null || joinToken.isBlank()) ? Optional.empty()
				: Optional.of("Bearer " + joinToken.strip());
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build());
		requests.setReadTimeout(READ_TIMEOUT);
		this.http = builder.clone()
			.baseUrl(properties.controlPlaneUrl().toString())
			// Buffered, so that every request carries a Content-Length rather than a
			// chunked
			// body.
			.requestFactory(new BufferingClientHttpRequestFactory(requests))
			.defaultHeader("Accept", MediaType.APPLICATION_JSON_VALUE)
			.build();
	}

	Reply<NodeRegistered> register(NodeRegistration registration) {
		return call(NodeRegistered.class,
				() -> this.http.post()
					.uri(ApiPaths.NODES)
					.headers((headers) -> this.joinAuthorization
						.ifPresent((authorization) -> headers.set(ApiPaths.AUTHORIZATION, authorization)))
					.contentType(MediaType.APPLICATION_JSON)
					.body(registration));
	}

	Reply<NodeAssignments> heartbeat(NodeCredentials node, NodeHeartbeat heartbeat) {
		return call(NodeAssignments.class,
				() -> this.http.put()
					.uri(ApiPaths.NODE_HEARTBEAT, node.nodeId())
					.header(ApiPaths.AUTHORIZATION, node.authorization())
					.contentType(MediaType.APPLICATION_JSON)
					.body(heartbeat));
	}

	Reply<Void> report(NodeCredentials node, UUID instanceId, InstanceReport report) {
		return call(Void.class,
				() -> this.http.put()
					.uri(ApiPaths.NODE_INSTANCE_STATUS, node.nodeId(), instanceId)
					.header(ApiPaths.AUTHORIZATION, node.authorization())
					.contentType(MediaType.APPLICATION_JSON)
					.body(report));
	}

	/** Claims the node's pending execs. */
	Reply<PendingExec[]> claimExecs(NodeCredentials node) {
		return call(PendingExec[].class,
				() -> this.http.get()
					.uri(ApiPaths.NODE_EXEC, node.nodeId())
					.header(ApiPaths.AUTHORIZATION, node.authorization()));
	}

	Reply<Void> reportExec(NodeCredentials node, UUID execId, ExecReport report) {
		return call(Void.class,
				() -> this.http.put()
					.uri(ApiPaths.NODE_EXEC_RESULT, node.nodeId(), execId)
					.header(ApiPaths.AUTHORIZATION, node.authorization())
					.contentType(MediaType.APPLICATION_JSON)
					.body(report));
	}

	private <T> Reply<T> call(Class<T> type, RequestSpecSupplier request) {
		try {
			return request.get().exchange((sent, response) -> {
				HttpStatusCode status = response.getStatusCode();
				if (status.is2xxSuccessful()) {
					return new Reply.Ok<>((type == Void.class) ? null : response.bodyTo(type));
				}
				if (status.value() == 404) {
					return new Reply.NotFound<>();
				}
				String detail = new String(response.getBody().readNBytes(512));
				if (status.is4xxClientError()) {
					return new Reply.Refused<>(status.value(), detail);
				}
				return new Reply.Unavailable<>("HTTP " + status.value() + " " + detail);
			});
		}
		catch (RestClientException ex) {
			return new Reply.Unavailable<>(rootCause(ex));
		}
	}

	/**
	 * The chain of causes, outermost first, e.g. "ResourceAccessException: ... <-
	 * ConnectException".
	 */
	private static String rootCause(Throwable ex) {
		StringBuilder chain = new StringBuilder();
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (!chain.isEmpty()) {
				chain.append(" <- ");
			}
			chain.append(cause.getClass().getSimpleName());
			if (cause == ex && cause.getMessage() != null) {
				chain.append(": ").append(cause.getMessage());
			}
		}
		return chain.toString();
	}

	@FunctionalInterface
	private interface RequestSpecSupplier {

		RestClient.RequestHeadersSpec<?> get();

	}

	/** Who the agent is to the control plane after registering. */
	record NodeCredentials(UUID nodeId, String token) {

		String authorization() {
			return "Bearer " + this.token;
		}

		@Override
		public String toString() {
			return "NodeCredentials[nodeId=" + this.nodeId + "]";
		}

	}

}
