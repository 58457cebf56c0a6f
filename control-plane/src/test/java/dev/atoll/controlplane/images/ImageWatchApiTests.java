package dev.atoll.controlplane.images;

import java.util.List;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.ImageView;
import dev.atoll.api.WatchEvent;
import dev.atoll.controlplane.ApiTest;
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
 * The images' watch stream over HTTP: images are immutable, so a registered then deleted
 * image shows ADDED then DELETED, keyed by {@code name/version}; the label selector,
 * resume from a version and 410 Gone.
 */
class ImageWatchApiTests extends ApiTest {

	private static final ParameterizedTypeReference<ServerSentEvent<WatchEvent<ImageView>>> EVENTS = new ParameterizedTypeReference<>() {
	};

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	@Test
	void anImagesRegistrationAndDeletionStreamInOrderKeyedByNameAndVersionAndResume() {
		Flux<ServerSentEvent<WatchEvent<ImageView>>> all = Watches.open(this.port, ADMIN_TOKEN, ApiPaths.WATCH_IMAGES,
				EVENTS);
		Flux<ServerSentEvent<WatchEvent<ImageView>>> stable = Watches.open(this.port, ADMIN_TOKEN,
				ApiPaths.WATCH_IMAGES + "?labelSelector=channel=stable", EVENTS);
		register(ImageApiTests.image("demo", "1.0.0", "{\"channel\": \"beta\"}"));
		WatchEvent<ImageView> added = Watches.await(all, 1).getFirst().data();
		assertThat(added.type()).isEqualTo(WatchEvent.Type.ADDED);
		assertThat(added.key()).isEqualTo("demo/1.0.0");
		assertThat(added.object().version()).isEqualTo("1.0.0");

		Flux<ServerSentEvent<WatchEvent<ImageView>>> resumed = Watches.open(this.port, ADMIN_TOKEN,
				ApiPaths.WATCH_IMAGES + "?" + ApiPaths.RESOURCE_VERSION + "=" + added.resourceVersion(), EVENTS);
		register(ImageApiTests.image("demo", "1.1.0", "{\"channel\": \"stable\"}"));
		// An event carries the object as it is when sent (one deleted meanwhile is
		// skipped): each stream sees the registration before the deletion.
		Watches.await(all, 2);
		Watches.await(resumed, 1);
		Watches.await(stable, 1);
		this.web.delete().uri(ApiPaths.IMAGE, "demo", "1.1.0").exchange().expectStatus().isNoContent();

		List<WatchEvent<ImageView>> events = Watches.untilDeleted(all);
		// A registration committed while the stream starts may be both listed and logged.
		assertThat(events).extracting(WatchEvent::type)
			.isIn(List.of(WatchEvent.Type.ADDED, WatchEvent.Type.ADDED, WatchEvent.Type.DELETED), List
				.of(WatchEvent.Type.ADDED, WatchEvent.Type.ADDED, WatchEvent.Type.ADDED, WatchEvent.Type.DELETED));
		WatchEvent<ImageView> second = events.get(events.size() - 2);
		assertThat(second.key()).isEqualTo("demo/1.1.0");
		assertThat(events.getLast().key()).isEqualTo("demo/1.1.0");
		assertThat(events.getLast().id()).isEqualTo(second.id()).isNotEqualTo(added.id());
		assertThat(events.getLast().object()).isNull();
		assertThat(events).extracting(WatchEvent::resourceVersion).isSorted().doesNotHaveDuplicates();
		assertThat(Watches.untilDeleted(resumed)).extracting(WatchEvent::resourceVersion)
			.containsExactlyElementsOf(events.stream()
				.map(WatchEvent::resourceVersion)
				.filter((version) -> version > added.resourceVersion())
				.toList());
		assertThat(Watches.untilDeleted(stable)).extracting(WatchEvent::key)
			.containsOnly("demo/1.1.0")
			.hasSizeBetween(2, 3);

		// A watch without a version starts with the images there are, as ADDED.
		Flux<ServerSentEvent<WatchEvent<ImageView>>> fresh = Watches.open(this.port, ADMIN_TOKEN, ApiPaths.WATCH_IMAGES,
				EVENTS);
		WatchEvent<ImageView> listed = Watches.await(fresh, 1).getFirst().data();
		assertThat(listed.type()).isEqualTo(WatchEvent.Type.ADDED);
		assertThat(listed.key()).isEqualTo("demo/1.0.0");
		assertThat(listed.id()).isEqualTo(added.id());

		Watches.compactAll(this.context);
		expectProblem(this.web.get()
			.uri(ApiPaths.WATCH_IMAGES + "?" + ApiPaths.RESOURCE_VERSION + "=" + added.resourceVersion())
			.exchange(), 410);
	}

	private void register(String json) {
		this.web.post()
			.uri(ApiPaths.IMAGES)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(json)
			.exchange()
			.expectStatus()
			.isCreated();
	}

}
