package dev.atoll.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.CreateInstanceRequest;
import dev.atoll.api.CreateTokenRequest;
import dev.atoll.api.EndpointList;
import dev.atoll.api.ExecRequest;
import dev.atoll.api.InstanceEvent;
import dev.atoll.api.InstanceHistory;
import dev.atoll.api.InstanceView;
import dev.atoll.api.NodeView;
import dev.atoll.api.Role;
import dev.atoll.api.TaskList;
import dev.atoll.api.TokenCreated;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A user's view of the Atoll REST API, over plain HTTP with the shared wire types; every
 * call carries the user's API token.
 */
final class ApiClient {

	private static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String baseUrl;

	private final String token;

	ApiClient(String baseUrl, String token) {
		this.baseUrl = baseUrl;
		this.token = token;
	}

	/** An HTTP answer: status, content type and body text. */
	record Reply(int status, String contentType, String body) {

		<T> T as(Class<T> type) {
			return JSON.readValue(this.body, type);
		}

		<T> T as(TypeReference<T> type) {
			return JSON.readValue(this.body, type);
		}

	}

	/** Creates an API token (as an admin); answers its secret. */
	String createToken(String name, Role role) {
		Reply reply = send("POST", ApiPaths.TOKENS, JSON.writeValueAsString(new CreateTokenRequest(name, role)));
		if (reply.status() != 201) {
			throw new IllegalStateException(
					"creating token " + name + " answered " + reply.status() + ": " + reply.body());
		}
		return reply.as(TokenCreated.class).secret();
	}

	/** The same API as the holder of another token. */
	ApiClient withToken(String otherToken) {
		return new ApiClient(this.baseUrl, otherToken);
	}

	Reply get(String path) {
		return send("GET", path, null);
	}

	Reply delete(String path) {
		return send("DELETE", path, null);
	}

	Reply createInstance(CreateInstanceRequest request) {
		return send("POST", ApiPaths.INSTANCES, JSON.writeValueAsString(request));
	}

	Reply post(String path, String rawJson) {
		return send("POST", path, rawJson);
	}

	Reply patch(String path, String rawJson) {
		return send("PATCH", path, rawJson);
	}

	/** The {@code Authorization} header this client sends. */
	String authorization() {
		return "Bearer " + this.token;
	}

	Reply instance(UUID id) {
		return send("GET", instancePath(ApiPaths.INSTANCE, id), null);
	}

	List<InstanceView> instances() {
		return send("GET", ApiPaths.INSTANCES, null).as(new TypeReference<List<InstanceView>>() {
		});
	}

	List<NodeView> nodes() {
		return send("GET", ApiPaths.NODES, null).as(new TypeReference<List<NodeView>>() {
		});
	}

	List<InstanceEvent> events(UUID id) {
		return send("GET", instancePath(ApiPaths.INSTANCE_EVENTS, id), null)
			.as(new TypeReference<List<InstanceEvent>>() {
			});
	}

	TaskList tasks(UUID id) {
		return send("GET", instancePath(ApiPaths.INSTANCE_TASKS, id), null).as(TaskList.class);
	}

	EndpointList endpoints(UUID id) {
		return send("GET", instancePath(ApiPaths.INSTANCE_ENDPOINTS, id), null).as(EndpointList.class);
	}

	InstanceHistory history(UUID id) {
		return send("GET", instancePath(ApiPaths.INSTANCE_HISTORY, id), null).as(InstanceHistory.class);
	}

	/**
	 * The first {@code count} lines of the instance's console stream relayed by the
	 * control plane ({@code query}: its parameters); the stream is closed after them, so
	 * a followed stream ends here.
	 */
	List<String> consoleLines(UUID id, String query, int count) {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create(this.baseUrl + instancePath(ApiPaths.INSTANCE_CONSOLE, id) + "?" + query))
			.header(ApiPaths.AUTHORIZATION, authorization())
			.build();
		try {
			HttpResponse<java.util.stream.Stream<String>> response = this.http.send(request,
					HttpResponse.BodyHandlers.ofLines());
			try (java.util.stream.Stream<String> lines = response.body()) {
				if (response.statusCode() != 200) {
					throw new IllegalStateException("console of " + id + ": " + response.statusCode() + " "
							+ String.join("\n", lines.toList()));
				}
				return lines.limit(count).toList();
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("console of " + id + " failed: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("console of " + id + " interrupted", ex);
		}
	}

	/** {@code POST /api/v1/instances/{id}/exec}. */
	Reply exec(UUID id, ExecRequest request) {
		return send("POST", instancePath(ApiPaths.INSTANCE_EXEC, id), JSON.writeValueAsString(request));
	}

	Reply delete(UUID id) {
		return send("DELETE", instancePath(ApiPaths.INSTANCE, id), null);
	}

	private static String instancePath(String template, UUID id) {
		return template.replace("{instanceId}", id.toString());
	}

	private Reply send(String method, String path, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(10))
			.header("Accept", "application/json, application/problem+json")
			.header(ApiPaths.AUTHORIZATION, authorization());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		request.method(method,
				(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(method + " " + path + " failed: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(method + " " + path + " interrupted", ex);
		}
	}

}
