package dev.atoll.controlplane.rollouts;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.CreateRolloutRequest;
import dev.atoll.api.RolloutState;
import dev.atoll.api.RolloutView;
import dev.atoll.api.WatchEvent;
import dev.atoll.controlplane.watch.Watches;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.codec.ServerSentEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rollouts' watch stream over HTTP: every event in order, the state filter, resume
 * from a version and 410 Gone.
 */
class RolloutWatchApiTests extends RolloutApiTest {

	private static final ParameterizedTypeReference<ServerSentEvent<WatchEvent<RolloutView>>> EVENTS = new ParameterizedTypeReference<>() {
	};

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	@BeforeEach
	void systemAndInstance() {
		createSystemWithTwoRevisions();
		registerNode("host-a", 8192, 16);
		placedInstance("web-1", Map.of());
	}

	@Test
	void aWatchStreamsARolloutsChangesInOrderAndResumesAfterItsVersion() {
		Flux<ServerSentEvent<WatchEvent<RolloutView>>> all = Watches.open(this.port, ADMIN_TOKEN,
				ApiPaths.WATCH_ROLLOUTS, EVENTS);
		Flux<ServerSentEvent<WatchEvent<RolloutView>>> paused = Watches.open(this.port, ADMIN_TOKEN,
				ApiPaths.WATCH_ROLLOUTS + "?state=Paused", EVENTS);
		RolloutView created = startRollout(new CreateRolloutRequest(SYSTEM, 2, null, 1, 1, 30));
		WatchEvent<RolloutView> added = Watches.await(all, 1).getFirst().data();
		assertThat(added.type()).isEqualTo(WatchEvent.Type.ADDED);
		assertThat(added.id()).isEqualTo(created.id());

		control(ApiPaths.ROLLOUT_PAUSE, created.id(), null).expectStatus().isOk();
		Flux<ServerSentEvent<WatchEvent<RolloutView>>> resumed = Watches.open(this.port, ADMIN_TOKEN,
				ApiPaths.WATCH_ROLLOUTS + "?" + ApiPaths.RESOURCE_VERSION + "=" + added.resourceVersion(), EVENTS);
		// An event carries the object as it is when sent: one deleted meanwhile is
		// skipped, so every stream must have sent the Paused rollout before it goes.
		for (Flux<ServerSentEvent<WatchEvent<RolloutView>>> stream : List.of(all, resumed, paused)) {
			stream.map(ServerSentEvent::data)
				.filter((event) -> event.object() != null && event.object().state() == RolloutState.Paused)
				.blockFirst(Duration.ofSeconds(10));
		}
		// The cascade when its system goes.
		this.sql.sql("delete from rollouts where id = :id").param("id", created.id()).update();

		List<WatchEvent<RolloutView>> events = Watches.untilDeleted(all);
		assertThat(events.getFirst().type()).isEqualTo(WatchEvent.Type.ADDED);
		assertThat(events.getLast().id()).isEqualTo(created.id());
		assertThat(events.getLast().object()).isNull();
		assertThat(events).filteredOn((event) -> event.type() == WatchEvent.Type.MODIFIED)
			.extracting((event) -> event.object().state())
			.contains(RolloutState.Paused);
		assertThat(events).extracting(WatchEvent::resourceVersion).isSorted().doesNotHaveDuplicates();
		assertThat(Watches.untilDeleted(resumed)).extracting(WatchEvent::resourceVersion)
			.containsExactlyElementsOf(
					events.subList(1, events.size()).stream().map(WatchEvent::resourceVersion).toList());

		// Its first event is ADDED or MODIFIED: the pause may come before the stream
		// looks the new rollout up.
		List<WatchEvent<RolloutView>> onlyPaused = Watches.untilDeleted(paused);
		assertThat(onlyPaused).hasSizeGreaterThan(1);
		assertThat(onlyPaused.subList(0, onlyPaused.size() - 1))
			.allSatisfy((event) -> assertThat(event.object().state()).isEqualTo(RolloutState.Paused));

		Watches.compactAll(this.context);
		expectProblem(this.web.get()
			.uri(ApiPaths.WATCH_ROLLOUTS + "?" + ApiPaths.RESOURCE_VERSION + "=" + added.resourceVersion())
			.exchange(), 410);
		expectProblem(this.web.get().uri(ApiPaths.WATCH_ROLLOUTS + "?state=Sleeping").exchange(), 400)
			.jsonPath("$.errors[0].field")
			.isEqualTo("state");
	}

}
