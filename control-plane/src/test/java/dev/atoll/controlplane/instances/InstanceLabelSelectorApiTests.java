package dev.atoll.controlplane.instances;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.CreateInstanceRequest;
import dev.atoll.api.InstanceView;
import dev.atoll.api.WatchEvent;
import dev.atoll.controlplane.ApiTest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The instance list and the instance watch stream filter by label selector. */
class InstanceLabelSelectorApiTests extends ApiTest {

	private static final ParameterizedTypeReference<ServerSentEvent<WatchEvent<InstanceView>>> EVENTS = new ParameterizedTypeReference<>() {
	};

	@LocalServerPort
	private int port;

	@Test
	void theListShowsOnlyTheInstancesTheSelectorSelectsAndItsPagesKeepIt() {
		InstanceView a = labelled("web-1", Map.of("team", "ci", "tier", "fast"));
		labelled("web-2", Map.of("team", "ops"));
		InstanceView c = labelled("web-3", Map.of("team", "ci"));
		InstanceView d = labelled("web-4", Map.of());

		assertThat(list(ApiPaths.INSTANCES + "?labelSelector=team=ci")).extracting(InstanceView::id)
			.containsExactly(a.id(), c.id());
		assertThat(list(ApiPaths.INSTANCES + "?labelSelector=!team")).extracting(InstanceView::id)
			.containsExactly(d.id());
		assertThat(list(ApiPaths.INSTANCES + "?labelSelector=team=ci,tier!=fast")).extracting(InstanceView::id)
			.containsExactly(c.id());

		EntityExchangeResult<List<InstanceView>> first = this.web.get()
			.uri(ApiPaths.INSTANCES + "?labelSelector=team=ci&limit=1")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBodyList(InstanceView.class)
			.returnResult();
		assertThat(first.getResponseBody()).extracting(InstanceView::id).containsExactly(a.id());
		String link = first.getResponseHeaders().getFirst(HttpHeaders.LINK);
		assertThat(link).contains("labelSelector=team%3Dci");
		assertThat(this.web.get()
			.uri(nextPage(link))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBodyList(InstanceView.class)
			.returnResult()
			.getResponseBody()).extracting(InstanceView::id).containsExactly(c.id());

		expectProblem(this.web.get().uri(ApiPaths.INSTANCES + "?labelSelector=team=a=b").exchange(), 400)
			.jsonPath("$.errors[0].field")
			.isEqualTo("labelSelector");
	}

	@Test
	void theWatchStreamShowsOnlyTheInstancesTheSelectorSelects() {
		InstanceView existing = labelled("web-1", Map.of("team", "ci"));
		labelled("web-2", Map.of("team", "ops"));
		Flux<WatchEvent<InstanceView>> stream = WebClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.defaultHeader(ApiPaths.AUTHORIZATION, "Bearer " + ADMIN_TOKEN)
			.build()
			.get()
			.uri(ApiPaths.WATCH_INSTANCES + "?labelSelector=team=ci")
			.retrieve()
			.bodyToFlux(EVENTS)
			.filter((event) -> event.data() != null)
			.map(ServerSentEvent::data)
			.cache();
		stream.subscribe(null, (error) -> {
		});
		assertThat(stream.blockFirst(Duration.ofSeconds(10)).id()).isEqualTo(existing.id());

		labelled("web-3", Map.of("team", "ops"));
		InstanceView selected = labelled("web-4", Map.of("team", "ci"));
		this.web.delete().uri(ApiPaths.INSTANCE, existing.id()).exchange().expectStatus().isAccepted();

		List<WatchEvent<InstanceView>> events = stream.takeUntil((event) -> event.type() == WatchEvent.Type.DELETED)
			.collectList()
			.block(Duration.ofSeconds(10));
		assertThat(events).allSatisfy((event) -> assertThat(event.id()).isIn(existing.id(), selected.id()));
		assertThat(events).filteredOn((event) -> event.type() == WatchEvent.Type.ADDED)
			.extracting(WatchEvent::id)
			.containsExactly(existing.id(), selected.id());
		assertThat(events.getLast().id()).isEqualTo(existing.id());

		expectProblem(this.web.get().uri(ApiPaths.WATCH_INSTANCES + "?labelSelector=!").exchange(), 400);
	}

	private InstanceView labelled(String name, Map<String, String> labels) {
		return createInstance(new CreateInstanceRequest(name, "linux", "default", 64, labels, null));
	}

	private List<InstanceView> list(String uri) {
		return this.web.get()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBodyList(InstanceView.class)
			.returnResult()
			.getResponseBody();
	}

}
