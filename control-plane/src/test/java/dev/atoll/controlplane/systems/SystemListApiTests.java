package dev.atoll.controlplane.systems;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.SystemView;
import org.junit.jupiter.api.Test;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/** Keyset pagination and label selectors on the system list and a system's revisions. */
class SystemListApiTests extends SystemApiTest {

	@Test
	void pagesFollowTheLinkUntilTheLastKeepingTheSelector() {
		for (int i = 0; i < 7; i++) {
			create("sys-" + i, (i % 2 == 0) ? "even" : "odd");
		}
		List<String> names = new ArrayList<>();
		URI next = nextPage("<" + ApiPaths.SYSTEMS + "?limit=2&labelSelector=parity%3Deven>; rel=\"next\"");
		int pages = 0;
		while (next != null) {
			EntityExchangeResult<List<SystemView>> page = this.web.get()
				.uri(next)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(new ParameterizedTypeReference<List<SystemView>>() {
				})
				.returnResult();
			page.getResponseBody().forEach((system) -> names.add(system.name()));
			next = nextPage(page.getResponseHeaders().getFirst(HttpHeaders.LINK));
			pages++;
		}
		assertThat(names).containsExactly("sys-0", "sys-2", "sys-4", "sys-6");
		assertThat(pages).isEqualTo(2);
	}

	@Test
	void withoutALimitAPageHoldsAHundred() {
		create("only", "even");
		this.web.get()
			.uri(ApiPaths.SYSTEMS + "?labelSelector=!parity")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.doesNotExist(HttpHeaders.LINK)
			.expectBody()
			.jsonPath("$.length()")
			.isEqualTo(0);
		this.web.get().uri(ApiPaths.SYSTEMS).exchange().expectBody().jsonPath("$[0].name").isEqualTo("only");
	}

	@Test
	void malformedListParametersAre400NamingEach() {
		expectProblem(this.web.get().uri(ApiPaths.SYSTEMS + "?limit=0&cursor=@@&labelSelector=a==b==c").exchange(), 400)
			.jsonPath("$.errors[*].field")
			.value((List<String> fields) -> assertThat(fields).containsExactlyInAnyOrder("limit", "cursor",
					"labelSelector"));
	}

	@Test
	void revisionsPageOldestFirst() {
		create("web", "even");
		for (int memory = 300; memory < 303; memory++) {
			this.web.patch()
				.uri(ApiPaths.SYSTEM, "web")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(SystemFixtures.edited("/spec/memoryMb=" + memory).replace("\"name\":\"web\",", ""))
				.exchange()
				.expectStatus()
				.isOk();
		}
		EntityExchangeResult<byte[]> first = this.web.get()
			.uri(ApiPaths.SYSTEM_REVISIONS + "?limit=3", "web")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[*].revision")
			.isEqualTo(List.of(1, 2, 3))
			.returnResult();
		String link = first.getResponseHeaders().getFirst(HttpHeaders.LINK);
		assertThat(link).startsWith("</api/v1/systems/web/revisions?limit=3&cursor=").endsWith(">; rel=\"next\"");
		this.web.get()
			.uri(nextPage(link))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[*].revision")
			.isEqualTo(List.of(4));
	}

	private void create(String name, String parity) {
		createSystem(SystemFixtures.edited("/name=\"" + name + "\" ; /labels={\"parity\": \"" + parity + "\"}"), null)
			.expectStatus()
			.isCreated();
	}

}
