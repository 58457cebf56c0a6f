package dev.atoll.controlplane.watch;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.InstanceView;
import dev.atoll.api.NodeAdminState;
import dev.atoll.api.NodeRegistered;
import dev.atoll.api.NodeView;
import dev.atoll.api.WatchEvent;
import dev.atoll.controlplane.ApiTest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SSE watch streams, their resource versions and 410 Gone, and the agents' nudges.
 */
class WatchApiTests extends ApiTest {

	static final ParameterizedTypeReference<ServerSentEvent<WatchEvent<InstanceView>>> INSTANCE_EVENTS = new ParameterizedTypeReference<>() {
	};

	static final ParameterizedTypeReference<ServerSentEvent<WatchEvent<NodeView>>> NODE_EVENTS = new ParameterizedTypeReference<>() {
	};

	static final ParameterizedTypeReference<ServerSentEvent<String>> NUDGES = new ParameterizedTypeReference<>() {
	};

	@LocalServerPort
	private int port;

	@Autowired
	private WatchLog changes;

	@Test
	void aWatchWithoutAVersionStartsWithEveryInstanceThenStreamsChanges() {
		InstanceView existing = createInstance("web-1", null);
		Flux<ServerSentEvent<WatchEvent<InstanceView>>> stream = stream(ApiPaths.WATCH_INSTANCES, INSTANCE_EVENTS)
			.filter((event) -> event.data() != null)
			.cache();
		stream.subscribe(null, WatchApiTests::closedWithTheReplica);
		awaitEvents(stream, 1);

		InstanceView created = createInstance("web-2", null);
		this.web.delete().uri(ApiPaths.INSTANCE, existing.id()).exchange().expectStatus().isAccepted();

		// The scheduler's messages about the pending instances arrive as MODIFIED
		// between.
		List<WatchEvent<InstanceView>> events = stream.map(ServerSentEvent::data)
			.takeUntil((event) -> event.type() == WatchEvent.Type.DELETED)
			.collectList()
			.block(Duration.ofSeconds(10));
		assertThat(events.getFirst().type()).isEqualTo(WatchEvent.Type.ADDED);
		assertThat(events.getFirst().object().id()).isEqualTo(existing.id());
		assertThat(events).filteredOn((event) -> event.type() == WatchEvent.Type.ADDED)
			.extracting(WatchEvent::id)
			.containsExactly(existing.id(), created.id());
		assertThat(events.getLast().id()).isEqualTo(existing.id());
		assertThat(events.getLast().object()).isNull();
		assertThat(events.subList(1, events.size())).extracting(WatchEvent::resourceVersion).isSorted();
	}

	@Test
	void aWatchResumesAfterTheVersionItWasGivenAndSeesEveryLaterChangeOnce() {
		NodeRegistered node = registerNode("node-a", 1024, 4);
		Flux<ServerSentEvent<WatchEvent<NodeView>>> first = stream(ApiPaths.WATCH_NODES, NODE_EVENTS)
			.filter((event) -> event.data() != null)
			.cache();
		first.subscribe(null, WatchApiTests::closedWithTheReplica);
		long seen = awaitEvents(first, 1).get(0).data().resourceVersion();

		changeAdminState(node.nodeId(), NodeAdminState.Drained);
		changeAdminState(node.nodeId(), NodeAdminState.Active);
		heartbeat(node);

		Flux<ServerSentEvent<WatchEvent<NodeView>>> resumed = stream(
				ApiPaths.WATCH_NODES + "?" + ApiPaths.RESOURCE_VERSION + "=" + seen, NODE_EVENTS)
			.filter((event) -> event.data() != null)
			.cache();
		resumed.subscribe(null, WatchApiTests::closedWithTheReplica);
		List<ServerSentEvent<WatchEvent<NodeView>>> events = awaitEvents(resumed, 2);
		assertThat(events).extracting((event) -> event.data().type())
			.containsExactly(WatchEvent.Type.MODIFIED, WatchEvent.Type.MODIFIED);
		assertThat(events.get(0).data().resourceVersion()).isGreaterThan(seen);
		// A heartbeat is no change: nothing else arrives.
		assertThat(resumed.take(Duration.ofMillis(1500)).collectList().block()).hasSize(2);
	}

	@Test
	void aVersionCompactedAwayIsGoneAndAMalformedOneIsABadRequest() {
		createInstance("web-1", null);
		createInstance("web-2", null);
		this.changes.compact(Duration.ZERO).block(Duration.ofSeconds(10));

		expectProblem(this.web.get().uri(ApiPaths.WATCH_INSTANCES + "?resourceVersion=0").exchange(), 410);
		expectProblem(this.web.get().uri(ApiPaths.WATCH_INSTANCES + "?resourceVersion=soon").exchange(), 400)
			.jsonPath("$.errors[0].field")
			.isEqualTo(ApiPaths.RESOURCE_VERSION);
	}

	@Test
	void anAgentIsNudgedAtOnceAndWhenItsDesiredStateChanges() {
		NodeRegistered node = registerNode("node-a", 1024, 4);
		expectProblem(this.anonymous.get().uri(ApiPaths.NODE_NUDGES, node.nodeId()).exchange(), 401);
		expectProblem(this.web.get().uri(ApiPaths.NODE_NUDGES, node.nodeId()).exchange(), 401);

		Flux<ServerSentEvent<String>> nudges = WebClient.create("http://127.0.0.1:" + this.port)
			.get()
			.uri(ApiPaths.NODE_NUDGES, node.nodeId())
			.header(ApiPaths.AUTHORIZATION, "Bearer " + node.nodeToken())
			.retrieve()
			.bodyToFlux(NUDGES)
			.filter((event) -> "nudge".equals(event.event()))
			.cache();
		nudges.subscribe(null, WatchApiTests::closedWithTheReplica);
		awaitEvents(nudges, 1);

		InstanceView instance = awaitPlaced(createInstance("web-1", null).id());
		awaitEvents(nudges, 2);
		this.web.delete().uri(ApiPaths.INSTANCE, instance.id()).exchange().expectStatus().isAccepted();
		awaitEvents(nudges, 3);
	}

	private <T> Flux<T> stream(String uri, ParameterizedTypeReference<T> type) {
		return WebClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.defaultHeader(ApiPaths.AUTHORIZATION, "Bearer " + ADMIN_TOKEN)
			.build()
			.get()
			.uri(uri)
			.retrieve()
			.bodyToFlux(type);
	}

	/**
	 * Streams still open when a test's server stops end with an error; that is expected.
	 */
	static void closedWithTheReplica(Throwable error) {
	}

	/** The first {@code count} events of a cached stream, waiting up to 10 s for them. */
	static <T> List<T> awaitEvents(Flux<T> cached, int count) {
		List<T> events = cached.take(count).collectList().block(Duration.ofSeconds(10));
		assertThat(events).hasSize(count);
		return events;
	}

}
