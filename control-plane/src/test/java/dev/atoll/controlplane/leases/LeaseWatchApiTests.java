package dev.atoll.controlplane.leases;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.LeaseState;
import dev.atoll.api.LeaseView;
import dev.atoll.api.WatchEvent;
import dev.atoll.controlplane.watch.Watches;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.codec.ServerSentEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The leases' watch stream over HTTP: every event in order with the list's filters,
 * resume from a version, 410 Gone and bad filters.
 */
class LeaseWatchApiTests extends LeaseApiTest {

	private static final ParameterizedTypeReference<ServerSentEvent<WatchEvent<LeaseView>>> EVENTS = new ParameterizedTypeReference<>() {
	};

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	@Test
	void aWatchStartsWithTheLeasesItSelectsThenStreamsTheirChangesInOrder() {
		LeaseView mine = create(lease("run-1", Map.of("team", "ci"), 600));
		create(lease("run-2", Map.of("team", "ci"), 600));
		Flux<ServerSentEvent<WatchEvent<LeaseView>>> stream = Watches.open(this.port, ADMIN_TOKEN,
				ApiPaths.WATCH_LEASES + "?ciRunId=run-1&labelSelector=team=ci", EVENTS);
		WatchEvent<LeaseView> first = Watches.await(stream, 1).getFirst().data();
		assertThat(first.type()).isEqualTo(WatchEvent.Type.ADDED);
		assertThat(first.id()).isEqualTo(mine.id());

		LeaseView other = create(lease("run-2", Map.of(), 600));
		LeaseView second = create(lease("run-1", Map.of("team", "ci"), 600));
		this.ci.delete().uri(ApiPaths.LEASE, second.id()).exchange().expectStatus().isAccepted();
		this.ci.delete().uri(ApiPaths.LEASE, other.id()).exchange().expectStatus().isAccepted();
		// An event carries the object as it is when sent: one deleted meanwhile is
		// skipped.
		stream.map(ServerSentEvent::data)
			.filter((event) -> event.object() != null && event.object().state() == LeaseState.Released)
			.blockFirst(Duration.ofSeconds(10));
		// The retention's deletion of an ended lease.
		this.sql.sql("delete from leases where id = :id").param("id", second.id()).update();

		// The reconciler's messages about the queued lease arrive as MODIFIED between.
		List<WatchEvent<LeaseView>> events = stream.skip(1)
			.map(ServerSentEvent::data)
			.takeUntil((event) -> event.type() == WatchEvent.Type.DELETED)
			.collectList()
			.block(Duration.ofSeconds(10));
		assertThat(events).extracting(WatchEvent::id).isSubsetOf(mine.id(), second.id());
		assertThat(events).extracting(WatchEvent::resourceVersion).isSorted().doesNotHaveDuplicates();
		events = events.stream().filter((event) -> event.id().equals(second.id())).toList();
		assertThat(events.getFirst().type()).isEqualTo(WatchEvent.Type.ADDED);
		assertThat(events.getLast().object()).isNull();
		assertThat(events).filteredOn((event) -> event.type() == WatchEvent.Type.MODIFIED)
			.extracting((event) -> event.object().state())
			.endsWith(LeaseState.Released);
	}

	@Test
	void aWatchResumesAfterItsVersionAndAnOldOneIsGone() {
		LeaseView lease = create(lease("run-1", Map.of(), 600));
		Flux<ServerSentEvent<WatchEvent<LeaseView>>> first = Watches.open(this.port, ADMIN_TOKEN, ApiPaths.WATCH_LEASES,
				EVENTS);
		long seen = Watches.await(first, 1).getFirst().data().resourceVersion();

		this.ci.delete().uri(ApiPaths.LEASE, lease.id()).exchange().expectStatus().isAccepted();
		LeaseView later = create(lease("run-2", Map.of(), 600));

		Flux<ServerSentEvent<WatchEvent<LeaseView>>> resumed = Watches.open(this.port, ADMIN_TOKEN,
				ApiPaths.WATCH_LEASES + "?" + ApiPaths.RESOURCE_VERSION + "=" + seen + "&ciRunId=run-2", EVENTS);
		WatchEvent<LeaseView> event = Watches.await(resumed, 1).getFirst().data();
		assertThat(event.type()).isEqualTo(WatchEvent.Type.ADDED);
		assertThat(event.id()).isEqualTo(later.id());
		assertThat(event.resourceVersion()).isGreaterThan(seen);
		assertThat(first.map(ServerSentEvent::data)
			.filter((sse) -> sse.type() == WatchEvent.Type.ADDED)
			.take(2)
			.collectList()
			.block(Duration.ofSeconds(10))).extracting(WatchEvent::id).containsExactly(lease.id(), later.id());

		Watches.compactAll(this.context);
		expectProblem(this.web.get().uri(ApiPaths.WATCH_LEASES + "?resourceVersion=" + seen).exchange(), 410);
		expectProblem(this.web.get().uri(ApiPaths.WATCH_LEASES + "?state=Sleeping").exchange(), 400)
			.jsonPath("$.errors[0].field")
			.isEqualTo("state");
		expectProblem(this.web.get().uri(ApiPaths.WATCH_LEASES + "?resourceVersion=soon").exchange(), 400);
	}

}
