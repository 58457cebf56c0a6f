package dev.atoll.controlplane.systems;

import java.util.List;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.SystemView;
import dev.atoll.api.WatchEvent;
import dev.atoll.controlplane.watch.Watches;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The systems' watch stream over HTTP: a system created, given a new revision, relabelled
 * and deleted shows ADDED, MODIFIED, MODIFIED, DELETED in order, keyed by its name; the
 * label selector, resume from a version and 410 Gone.
 */
class SystemWatchApiTests extends SystemApiTest {

	private static final ParameterizedTypeReference<ServerSentEvent<WatchEvent<SystemView>>> EVENTS = new ParameterizedTypeReference<>() {
	};

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	@Test
	void aSystemsChangesStreamInOrderKeyedByNameAndResume() {
		Flux<ServerSentEvent<WatchEvent<SystemView>>> all = Watches.open(this.port, ADMIN_TOKEN, ApiPaths.WATCH_SYSTEMS,
				EVENTS);
		Flux<ServerSentEvent<WatchEvent<SystemView>>> teamB = Watches.open(this.port, ADMIN_TOKEN,
				ApiPaths.WATCH_SYSTEMS + "?labelSelector=team=b", EVENTS);
		createFixture();
		WatchEvent<SystemView> added = Watches.await(all, 1).getFirst().data();
		assertThat(added.type()).isEqualTo(WatchEvent.Type.ADDED);
		assertThat(added.key()).isEqualTo("web");
		assertThat(added.object().revision()).isEqualTo(1);

		Flux<ServerSentEvent<WatchEvent<SystemView>>> resumed = Watches.open(this.port, ADMIN_TOKEN,
				ApiPaths.WATCH_SYSTEMS + "?" + ApiPaths.RESOURCE_VERSION + "=" + added.resourceVersion(), EVENTS);
		this.web.patch()
			.uri(ApiPaths.SYSTEM, "web")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(SystemFixtures.specPatch("/spec/memoryMb=512"))
			.exchange()
			.expectStatus()
			.isOk();
		// Events carry the object as it is when sent (one deleted meanwhile is skipped):
		// each
		// stream sees each change before the next.
		Watches.await(all, 2);
		Watches.await(resumed, 1);
		this.web.patch()
			.uri(ApiPaths.SYSTEM, "web")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"labels\": {\"team\": \"b\"}}")
			.exchange()
			.expectStatus()
			.isOk();
		Watches.await(all, 3);
		Watches.await(resumed, 2);
		Watches.await(teamB, 1);
		this.web.delete().uri(ApiPaths.SYSTEM, "web").exchange().expectStatus().isNoContent();

		List<WatchEvent<SystemView>> events = Watches.untilDeleted(all);
		// A creation committed while the stream starts may be both listed and logged.
		assertThat(events).extracting(WatchEvent::type)
			.isIn(List.of(WatchEvent.Type.ADDED, WatchEvent.Type.MODIFIED, WatchEvent.Type.MODIFIED,
					WatchEvent.Type.DELETED),
					List.of(WatchEvent.Type.ADDED, WatchEvent.Type.ADDED, WatchEvent.Type.MODIFIED,
							WatchEvent.Type.MODIFIED, WatchEvent.Type.DELETED));
		WatchEvent<SystemView> revised = events.get(events.size() - 3);
		WatchEvent<SystemView> relabelled = events.get(events.size() - 2);
		assertThat(events).extracting(WatchEvent::key).containsOnly("web");
		assertThat(events).extracting(WatchEvent::id).containsOnly(added.id());
		assertThat(revised.object().revision()).isEqualTo(2);
		assertThat(revised.object().spec().memoryMb()).isEqualTo(512);
		assertThat(relabelled.object().labels()).containsEntry("team", "b");
		assertThat(events.getLast().object()).isNull();
		assertThat(events).extracting(WatchEvent::resourceVersion).isSorted().doesNotHaveDuplicates();
		assertThat(Watches.untilDeleted(resumed)).extracting(WatchEvent::resourceVersion)
			.containsExactlyElementsOf(events.stream()
				.map(WatchEvent::resourceVersion)
				.filter((version) -> version > added.resourceVersion())
				.toList());
		// Selected once relabelled (the new revision's event too if read after the
		// relabelling); its deletion follows, since the stream showed it.
		List<WatchEvent<SystemView>> selected = Watches.untilDeleted(teamB);
		assertThat(selected.getLast().type()).isEqualTo(WatchEvent.Type.DELETED);
		assertThat(selected.subList(0, selected.size() - 1)).isNotEmpty()
			.allSatisfy((event) -> assertThat(event.object().labels()).containsEntry("team", "b"))
			.extracting(WatchEvent::resourceVersion)
			.contains(relabelled.resourceVersion());

		// A watch without a version starts with the systems there are, as ADDED.
		createFixture();
		Flux<ServerSentEvent<WatchEvent<SystemView>>> fresh = Watches.open(this.port, ADMIN_TOKEN,
				ApiPaths.WATCH_SYSTEMS, EVENTS);
		WatchEvent<SystemView> listed = Watches.await(fresh, 1).getFirst().data();
		assertThat(listed.type()).isEqualTo(WatchEvent.Type.ADDED);
		assertThat(listed.key()).isEqualTo("web");
		assertThat(listed.id()).isEqualTo(added.id());

		Watches.compactAll(this.context);
		expectProblem(this.web.get()
			.uri(ApiPaths.WATCH_SYSTEMS + "?" + ApiPaths.RESOURCE_VERSION + "=" + added.resourceVersion())
			.exchange(), 410);
		expectProblem(this.web.get().uri(ApiPaths.WATCH_SYSTEMS + "?labelSelector={s}", "a=b=c").exchange(), 400)
			.jsonPath("$.errors[0].field")
			.isEqualTo("labelSelector");
	}

}
