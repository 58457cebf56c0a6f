package dev.atoll.controlplane.watch;

import java.time.Duration;
import java.util.List;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.WatchEvent;
import reactor.core.publisher.Flux;

import org.springframework.context.ApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Watch streams over HTTP for the tests of other features' collections. */
public final class Watches {

	private Watches() {
	}

	/**
	 * The events with data of a stream, cached and subscribed (streams still open when
	 * the test's server stops end with an error; that is expected).
	 */
	public static <T> Flux<ServerSentEvent<T>> open(int port, String token, String uri,
			ParameterizedTypeReference<ServerSentEvent<T>> type) {
		Flux<ServerSentEvent<T>> events = WebClient.builder()
			.baseUrl("http://127.0.0.1:" + port)
			.defaultHeader(ApiPaths.AUTHORIZATION, "Bearer " + token)
			.build()
			.get()
			.uri(uri)
			.retrieve()
			.bodyToFlux(type)
			.filter((event) -> event.data() != null)
			.cache();
		events.subscribe(null, WatchApiTests::closedWithTheReplica);
		return events;
	}

	/** The first {@code count} events of a cached stream, waiting up to 10 s for them. */
	public static <T> List<T> await(Flux<T> cached, int count) {
		return WatchApiTests.awaitEvents(cached, count);
	}

	/**
	 * The events' data of a cached stream up to its first DELETED, waiting up to 10 s.
	 */
	public static <T> List<WatchEvent<T>> untilDeleted(Flux<ServerSentEvent<WatchEvent<T>>> stream) {
		return stream.map(ServerSentEvent::data)
			.takeUntil((event) -> event.type() == WatchEvent.Type.DELETED)
			.collectList()
			.block(Duration.ofSeconds(10));
	}

	/** Compacts the whole change log away: every version so far is Gone. */
	public static void compactAll(ApplicationContext context) {
		context.getBean(WatchLog.class).compact(Duration.ZERO).block(Duration.ofSeconds(10));
	}

}
