package dev.atoll.controlplane.watch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.InstanceView;
import dev.atoll.api.NodeView;
import dev.atoll.api.WatchEvent;
import dev.atoll.controlplane.instances.Instances;
import dev.atoll.controlplane.nodes.AuthenticatedNode;
import dev.atoll.controlplane.nodes.NodeRegistry;
import dev.atoll.controlplane.system.LabelSelector;
import dev.atoll.controlplane.system.Outcome;
import dev.atoll.controlplane.system.Problem;
import dev.atoll.controlplane.system.ProblemHandler;
import dev.atoll.controlplane.system.Violation;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The watch streams ({@code text/event-stream}): instances, nodes and each
 * {@link WatchSource}'s collection for anyone, and each agent's nudges. The SSE
 * {@code id} is the resource version, so an EventSource resumes with
 * {@code Last-Event-ID}; idle streams send a comment every
 * {@code atoll.watch.keep-alive}.
 */
@RestController
class WatchController {

	private final WatchStreams streams;

	private final Instances instances;

	private final NodeRegistry nodes;

	private final WatchProperties properties;

	private final Map<String, WatchSource<?>> sources;

	WatchController(WatchStreams streams, Instances instances, NodeRegistry nodes, WatchProperties properties,
			List<WatchSource<?>> sources) {
		this.sources = sources.stream().collect(Collectors.toMap(WatchSource::kind, Function.identity()));
		this.streams = streams;
		this.instances = instances;
		this.nodes = nodes;
		this.properties = properties;
	}

	/**
	 * With {@code labelSelector}, only instances it selects: ADDED and MODIFIED events of
	 * those, and DELETED events (which carry no object) of instances this stream showed,
	 * or any on a resumed stream, whose client may have seen them before.
	 */
	@GetMapping(path = ApiPaths.WATCH_INSTANCES, produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Mono<ResponseEntity<Object>> instances(
			@RequestParam(name = ApiPaths.RESOURCE_VERSION, required = false) String version,
			@RequestParam(name = LabelSelector.PARAMETER, required = false) String labelSelector,
			@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
		List<Violation> violations = new ArrayList<>();
		LabelSelector selector = LabelSelector.fromParameter(labelSelector, violations);
		if (!violations.isEmpty()) {
			return Mono.just(ProblemHandler.respond(Problem.Invalid.of(violations)));
		}
		Predicate<WatchEvent<InstanceView>> selected = selecting((view) -> selector.matches(view.labels()),
				version != null || lastEventId != null);
		return watch(WatchRecord.INSTANCES, version, lastEventId, this.instances.list(selector)
			.map((views) -> views.stream().map((view) -> new WatchStreams.Identified<>(view.id(), view)).toList()),
				this.instances::findAll, selected);
	}

	/**
	 * The collections of the {@link WatchSource} beans: one stream each, as instances,
	 * with the query parameters each source filters on.
	 */
	@GetMapping(
			path = { ApiPaths.WATCH_LEASES, ApiPaths.WATCH_ROLLOUTS, ApiPaths.WATCH_SYSTEMS, ApiPaths.WATCH_IMAGES },
			produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Mono<ResponseEntity<Object>> collection(ServerHttpRequest request,
			@RequestParam MultiValueMap<String, String> query,
			@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
		String path = request.getPath().pathWithinApplication().value();
		WatchSource<?> source = this.sources.get(path.substring(path.lastIndexOf('/') + 1));
		return collection(source, query, lastEventId);
	}

	private <T> Mono<ResponseEntity<Object>> collection(WatchSource<T> source, MultiValueMap<String, String> query,
			String lastEventId) {
		List<Violation> violations = new ArrayList<>();
		Predicate<T> filter = source.filter(query, violations);
		if (!violations.isEmpty()) {
			return Mono.just(ProblemHandler.respond(Problem.Invalid.of(violations)));
		}
		String version = query.getFirst(ApiPaths.RESOURCE_VERSION);
		return watch(source.kind(), version, lastEventId,
				source.all()
					.map((objects) -> objects.stream()
						.filter(filter)
						.map((object) -> new WatchStreams.Identified<>(source.id(object), source.key(object), object))
						.toList()),
				source::find, selecting(filter, version != null || lastEventId != null));
	}

	/**
	 * ADDED and MODIFIED events of the objects {@code matches} selects, and DELETED
	 * events (which carry no object) of objects this stream showed, or any on a resumed
	 * stream, whose client may have seen them before.
	 */
	private static <T> Predicate<WatchEvent<T>> selecting(Predicate<T> matches, boolean resumed) {
		Set<UUID> shown = ConcurrentHashMap.newKeySet();
		return (event) -> {
			if (event.object() == null) {
				return resumed || shown.remove(event.id());
			}
			if (matches.test(event.object())) {
				shown.add(event.id());
				return true;
			}
			return false;
		};
	}

	@GetMapping(path = ApiPaths.WATCH_NODES, produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Mono<ResponseEntity<Object>> nodes(@RequestParam(name = ApiPaths.RESOURCE_VERSION, required = false) String version,
			@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
		return watch(WatchRecord.NODES, version, lastEventId,
				this.nodes.list()
					.map((views) -> views.stream()
						.map((view) -> new WatchStreams.Identified<NodeView>(view.id(), view))
						.toList()),
				this::nodesById, (event) -> true);
	}

	/** Nodes change seldom (a heartbeat is no change): one lookup each is enough. */
	private Mono<Map<UUID, NodeView>> nodesById(List<UUID> ids) {
		return Flux.fromIterable(ids)
			.concatMap(this.nodes::find)
			.flatMapIterable((outcome) -> (outcome instanceof Outcome.Success<NodeView>(NodeView view)) ? List.of(view)
					: List.of())
			.collectMap(NodeView::id);
	}

	/**
	 * An agent's nudges: one {@code nudge} at once (it may have missed changes while it
	 * was away), then one per change of its desired state.
	 */
	@GetMapping(path = ApiPaths.NODE_NUDGES, produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Mono<ResponseEntity<Object>> nudges(@PathVariable UUID nodeId,
			@RequestAttribute(AuthenticatedNode.ATTRIBUTE) AuthenticatedNode node) {
		Flux<ServerSentEvent<Object>> nudges = Flux
			.concat(Flux.just(0L), this.streams.nudges(node.id()).map(WatchRecord::resourceVersion))
			.map((version) -> ServerSentEvent.builder((Object) Long.toString(version)).event("nudge").build());
		return Mono.just(ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).body(keptAlive(nudges)));
	}

	private <T> Mono<ResponseEntity<Object>> watch(String kind, String version, String lastEventId,
			Mono<List<WatchStreams.Identified<T>>> current, Function<List<UUID>, Mono<Map<UUID, T>>> lookup,
			Predicate<WatchEvent<T>> selected) {
		String given = (version != null) ? version : lastEventId;
		Optional<Long> from = Optional.empty();
		if (given != null) {
			try {
				from = Optional.of(Long.parseLong(given.trim()));
			}
			catch (NumberFormatException ex) {
				from = Optional.of(-1L);
			}
			if (from.get() < 0) {
				return Mono
					.just(ProblemHandler.respond(Problem.Invalid.of(List.of(new Violation(ApiPaths.RESOURCE_VERSION,
							"must be a resource version from an event or a list: 0 or more")))));
			}
		}
		return this.streams.watch(kind, from, current, lookup)
			.map((outcome) -> ProblemHandler.respond(outcome,
					(events) -> ResponseEntity.ok()
						.contentType(MediaType.TEXT_EVENT_STREAM)
						.body(keptAlive(events.filter(selected)
							.map((event) -> ServerSentEvent.<Object>builder(event)
								.id(Long.toString(event.resourceVersion()))
								.event(event.type().name())
								.build())))));
	}

	private Flux<ServerSentEvent<Object>> keptAlive(Flux<ServerSentEvent<Object>> events) {
		Duration every = this.properties.keepAlive();
		return Flux.merge(events,
				Flux.interval(every, every).map((tick) -> ServerSentEvent.builder().comment("keep-alive").build()));
	}

}
