package dev.atoll.controlplane.instances;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.ConsoleSources;
import dev.atoll.api.InstanceView;
import dev.atoll.api.NodeView;
import dev.atoll.controlplane.nodes.AgentUrls;
import dev.atoll.controlplane.nodes.NodeRegistry;
import dev.atoll.controlplane.system.Outcome;
import dev.atoll.controlplane.system.Problem;
import dev.atoll.controlplane.system.Violation;
import io.netty.channel.ChannelOption;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Service;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Relays an instance's console from the agent that runs it: the control plane asks the
 * agent at the address its node registered ({@link AgentUrls}, the one Prometheus
 * scrapes) for the same path and streams the plain-text answer through, line by line as
 * the agent sends it. Nothing is stored; a client that goes away cancels the agent's
 * request.
 */
@Service
class ConsoleRelay {

	/** How long the agent may take to connect. */
	static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	/** How long the agent may take to answer the request's head (not the stream). */
	static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

	private final Instances instances;

	private final NodeRegistry nodes;

	private final WebClient client;

	ConsoleRelay(Instances instances, NodeRegistry nodes) {
		this.instances = instances;
		this.nodes = nodes;
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT.toMillis());
		this.client = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
	}

	/**
	 * The console source's last lines, then (with {@code follow}) its new lines until the
	 * instance's console ends.
	 * @return the agent's body; Invalid for bad parameters, NotFound for an unknown
	 * instance or one without a console on its node, Conflict when it runs nowhere or its
	 * node registered no address, BadGateway when the agent does not answer
	 */
	Mono<Outcome<Flux<DataBuffer>>> open(UUID instanceId, String source, String lines, String follow) {
		List<Violation> violations = new ArrayList<>();
		String effectiveSource = (source != null) ? source : ConsoleSources.DEFAULT_SOURCE;
		if (!ConsoleSources.SOURCE.matcher(effectiveSource).matches()) {
			violations.add(new Violation(ConsoleSources.SOURCE_PARAMETER,
					"must be kernel, system or console-N (N = 2..127, the task's channel)"));
		}
		int effectiveLines = ConsoleSources.DEFAULT_LINES;
		if (lines != null) {
			try {
				effectiveLines = Integer.parseInt(lines);
			}
			catch (NumberFormatException ex) {
				effectiveLines = -1;
			}
			if (effectiveLines < 0 || effectiveLines > ConsoleSources.MAX_LINES) {
				violations.add(new Violation(ConsoleSources.LINES_PARAMETER,
						"must be an integer 0.." + ConsoleSources.MAX_LINES));
			}
		}
		if (follow != null && !follow.equals("true") && !follow.equals("false")) {
			violations.add(new Violation(ConsoleSources.FOLLOW_PARAMETER, "must be true or false"));
		}
		if (!violations.isEmpty()) {
			return Mono.just(Outcome.failure(Problem.Invalid.of(violations)));
		}
		int count = effectiveLines;
		boolean following = "true".equals(follow);
		return this.instances.find(instanceId).flatMap((found) -> {
			if (found.isEmpty()) {
				return Mono.just(Outcome.<Flux<DataBuffer>>failure(new Problem.NotFound("no instance " + instanceId)));
			}
			InstanceView instance = found.get();
			if (instance.nodeId() == null) {
				return Mono.just(Outcome.<Flux<DataBuffer>>failure(new Problem.Conflict("instance " + instance.name()
						+ " runs on no node yet; its console can be read once a node runs it")));
			}
			return this.nodes.find(instance.nodeId()).flatMap((node) -> switch (node) {
				case Outcome.Success<NodeView>(NodeView view) ->
					relay(instance, view, effectiveSource, count, following);
				case Outcome.Failure<NodeView> gone -> Mono.just(Outcome.<Flux<DataBuffer>>failure(
						new Problem.Conflict("the node of instance " + instance.name() + " is gone")));
			});
		});
	}

	private Mono<Outcome<Flux<DataBuffer>>> relay(InstanceView instance, NodeView node, String source, int lines,
			boolean follow) {
		Optional<URI> agent = AgentUrls.of(node, ApiPaths.INSTANCE_CONSOLE, instance.id());
		if (agent.isEmpty()) {
			return Mono.just(Outcome.failure(new Problem.Conflict("node " + node.name()
					+ " registered no agent address (metricsUrl), so its consoles cannot be reached")));
		}
		URI uri = UriComponentsBuilder.fromUri(agent.get())
			.queryParam(ConsoleSources.SOURCE_PARAMETER, source)
			.queryParam(ConsoleSources.LINES_PARAMETER, lines)
			.queryParam(ConsoleSources.FOLLOW_PARAMETER, follow)
			.build()
			.toUri();
		String where = "the agent of node " + node.name() + " at " + agent.get().getAuthority();
		return this.client.get()
			.uri(uri)
			.accept(MediaType.TEXT_PLAIN)
			.retrieve()
			.onStatus(HttpStatusCode::isError,
					(response) -> response.releaseBody().then(Mono.error(new AgentRefused(response.statusCode()))))
			.toEntityFlux(DataBuffer.class)
			.timeout(ANSWER_TIMEOUT)
			.map((entity) -> Outcome.success(entity.getBody()))
			.onErrorResume(AgentRefused.class,
					(refused) -> Mono.just(Outcome.failure((refused.status.value() == 404)
							? new Problem.NotFound(where + " has no console of instance " + instance.name()
									+ " (not started there yet, or already stopped)")
							: new Problem.BadGateway(where + " answered " + refused.status.value()))))
			.onErrorResume(WebClientRequestException.class,
					(failed) -> Mono.just(Outcome.failure(new Problem.BadGateway(where + " is unreachable: "
							+ ((failed.getMostSpecificCause().getMessage() != null)
									? failed.getMostSpecificCause().getMessage() : failed.getMessage())))))
			.onErrorResume(TimeoutException.class, (late) -> Mono.just(Outcome.failure(
					new Problem.BadGateway(where + " did not answer within " + ANSWER_TIMEOUT.toSeconds() + " s"))));
	}

	/** The agent answered with an error status. */
	private static final class AgentRefused extends RuntimeException {

		private final HttpStatusCode status;

		AgentRefused(HttpStatusCode status) {
			super("agent answered " + status, null, false, false);
			this.status = status;
		}

	}

}
