package dev.atoll.controlplane.instances;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.ConsoleSources;
import dev.atoll.controlplane.system.Outcome;
import dev.atoll.controlplane.system.Problem;
import dev.atoll.controlplane.system.ProblemHandler;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * What the instance's agent observed inside it: the endpoints of the last report, the
 * short history of tasks and endpoints, and the console relayed from the agent.
 */
@RestController
class InstanceTelemetryController {

	private final Instances instances;

	private final ConsoleRelay consoles;

	private final List<HttpMessageWriter<?>> writers;

	InstanceTelemetryController(Instances instances, ConsoleRelay consoles, ServerCodecConfigurer codecs) {
		this.instances = instances;
		this.consoles = consoles;
		this.writers = codecs.getWriters();
	}

	@GetMapping(ApiPaths.INSTANCE_ENDPOINTS)
	Mono<ResponseEntity<Object>> endpoints(@PathVariable UUID instanceId) {
		return this.instances.endpoints(instanceId)
			.map((outcome) -> ProblemHandler.respond(outcome, (endpoints) -> ResponseEntity.ok(endpoints)));
	}

	@GetMapping(ApiPaths.INSTANCE_HISTORY)
	Mono<ResponseEntity<Object>> history(@PathVariable UUID instanceId) {
		return this.instances.history(instanceId)
			.map((outcome) -> ProblemHandler.respond(outcome, (history) -> ResponseEntity.ok(history)));
	}

	/**
	 * Plain text, one line each, flushed as the agent sends it; with {@code follow=true}
	 * open until the instance's console ends or the client goes away.
	 */
	@GetMapping(ApiPaths.INSTANCE_CONSOLE)
	Mono<Void> console(@PathVariable UUID instanceId,
			@RequestParam(name = ConsoleSources.SOURCE_PARAMETER, required = false) String source,
			@RequestParam(name = ConsoleSources.LINES_PARAMETER, required = false) String lines,
			@RequestParam(name = ConsoleSources.FOLLOW_PARAMETER, required = false) String follow,
			ServerWebExchange exchange) {
		return this.consoles.open(instanceId, source, lines, follow).flatMap((outcome) -> switch (outcome) {
			case Outcome.Success<Flux<DataBuffer>>(Flux<DataBuffer> body) -> {
				ServerHttpResponse response = exchange.getResponse();
				response.setStatusCode(HttpStatus.OK);
				response.getHeaders().setContentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8));
				response.getHeaders().setCacheControl("no-store");
				// An empty first write sends the head at once: a followed console may
				// have no line for a long time.
				DataBuffer head = response.bufferFactory().wrap(new byte[0]);
				yield response.writeAndFlushWith(Flux.concat(Flux.just(Mono.just(head)), body.map(Mono::just)));
			}
			case Outcome.Failure<Flux<DataBuffer>>(Problem problem) ->
				ProblemHandler.write(exchange, problem, this.writers);
		});
	}

}
