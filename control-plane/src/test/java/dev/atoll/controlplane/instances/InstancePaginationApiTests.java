package dev.atoll.controlplane.instances;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.InstanceView;
import dev.atoll.controlplane.ApiTest;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

class InstancePaginationApiTests extends ApiTest {

	private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");

	@Test
	void withoutLimitOrCursorTheListIsEveryInstanceWithoutALink() {
		for (int i = 0; i < 5; i++) {
			createInstance("web-" + i, 64);
		}

		this.web.get()
			.uri(ApiPaths.INSTANCES)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.doesNotExist(HttpHeaders.LINK)
			.expectBodyList(InstanceView.class)
			.hasSize(5);
	}

	@Test
	void followingTheNextLinksVisitsEveryInstanceOnceOldestFirst() {
		List<UUID> created = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			created.add(createInstance("web-" + i, 64).id());
		}

		List<UUID> visited = new ArrayList<>();
		List<Integer> sizes = new ArrayList<>();
		String uri = ApiPaths.INSTANCES + "?limit=3";
		while (uri != null) {
			EntityExchangeResult<List<InstanceView>> page = this.web.get()
				.uri(uri)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBodyList(InstanceView.class)
				.returnResult();
			page.getResponseBody().forEach((view) -> visited.add(view.id()));
			sizes.add(page.getResponseBody().size());
			uri = next(page.getResponseHeaders().getFirst(HttpHeaders.LINK));
		}

		assertThat(sizes).containsExactly(3, 3, 1);
		assertThat(visited).isEqualTo(created);
	}

	@Test
	void anInstanceDeletedBetweenPagesShiftsNothing() {
		List<UUID> created = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			created.add(createInstance("web-" + i, 64).id());
		}
		EntityExchangeResult<List<InstanceView>> first = this.web.get()
			.uri(ApiPaths.INSTANCES + "?limit=2")
			.exchange()
			.expectBodyList(InstanceView.class)
			.returnResult();

		this.web.delete().uri(ApiPaths.INSTANCE, created.get(0)).exchange().expectStatus().isAccepted();

		this.web.get()
			.uri(next(first.getResponseHeaders().getFirst(HttpHeaders.LINK)))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBodyList(InstanceView.class)
			.value((views) -> assertThat(views).extracting(InstanceView::id)
				.containsExactly(created.get(2), created.get(3)));
	}

	@Test
	void aBadLimitOrCursorIs400NamingIt() {
		expectProblem(this.web.get().uri(ApiPaths.INSTANCES + "?limit=0").exchange(), 400).jsonPath("$.errors[0].field")
			.isEqualTo("limit");
		expectProblem(this.web.get().uri(ApiPaths.INSTANCES + "?limit=1001").exchange(), 400);
		expectProblem(this.web.get().uri(ApiPaths.INSTANCES + "?limit=many").exchange(), 400)
			.jsonPath("$.errors[0].field")
			.isEqualTo("limit");
		expectProblem(this.web.get().uri(ApiPaths.INSTANCES + "?cursor=bm90LWEtY3Vyc29y").exchange(), 400)
			.jsonPath("$.errors[0].field")
			.isEqualTo("cursor");
	}

	private static String next(String link) {
		if (link == null) {
			return null;
		}
		Matcher matcher = NEXT.matcher(link);
		assertThat(matcher.find()).as(link).isTrue();
		return matcher.group(1);
	}

}
