package dev.atoll.controlplane.nodes;

import java.util.List;
import java.util.Map;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.NodeRegistration;
import dev.atoll.api.NodeView;
import dev.atoll.controlplane.ApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

class NodeLabelSelectorApiTests extends ApiTest {

	/** The link is already encoded: it is followed as an absolute URI, not a template. */

	@BeforeEach
	void threeNodes() {
		register("qemu-1", Map.of("backend", "qemu"));
		register("qemu-gpu", Map.of("backend", "qemu", "gpu", "yes"));
		register("board-1", Map.of("backend", "board", "board.type", "rpi4"));
	}

	@Test
	void equalityAndInequalitySelectByValue() {
		assertThat(names("backend=qemu")).containsExactly("qemu-1", "qemu-gpu");
		assertThat(names("backend==board")).containsExactly("board-1");
		assertThat(names("backend!=qemu")).containsExactly("board-1");
	}

	@Test
	void existenceSelectsByKeyAndRequirementsAreAnded() {
		assertThat(names("gpu")).containsExactly("qemu-gpu");
		assertThat(names("!gpu")).containsExactly("board-1", "qemu-1");
		assertThat(names("backend=qemu,!gpu")).containsExactly("qemu-1");
		assertThat(names("board.type=rpi4, backend=board")).containsExactly("board-1");
		assertThat(names("backend=none")).isEmpty();
	}

	@Test
	void pagesFollowTheNextLinkKeepingTheSelector() {
		register("qemu-2", Map.of("backend", "qemu"));

		EntityExchangeResult<List<NodeView>> first = this.web.get()
			.uri(ApiPaths.NODES + "?labelSelector={s}&limit=2", "backend=qemu")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBodyList(NodeView.class)
			.returnResult();
		EntityExchangeResult<List<NodeView>> second = this.web.get()
			.uri(nextPage(first.getResponseHeaders().getFirst(HttpHeaders.LINK)))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.doesNotExist(HttpHeaders.LINK)
			.expectBodyList(NodeView.class)
			.returnResult();

		assertThat(first.getResponseBody()).extracting(NodeView::name).containsExactly("qemu-1", "qemu-2");
		assertThat(second.getResponseBody()).extracting(NodeView::name).containsExactly("qemu-gpu");
	}

	@Test
	void aBadLimitOrCursorOfTheNodeListIs400() {
		expectProblem(this.web.get().uri(ApiPaths.NODES + "?limit=0").exchange(), 400).jsonPath("$.errors[0].field")
			.isEqualTo("limit");
		expectProblem(this.web.get().uri(ApiPaths.NODES + "?cursor=***").exchange(), 400).jsonPath("$.errors[0].field")
			.isEqualTo("cursor");
	}

	@Test
	void aMalformedSelectorIs400() {
		expectProblem(this.web.get().uri(ApiPaths.NODES + "?labelSelector={s}", "a=b=c").exchange(), 400)
			.jsonPath("$.errors[0].field")
			.isEqualTo("labelSelector");
		expectProblem(this.web.get().uri(ApiPaths.NODES + "?labelSelector={s}", "backend=qemu,").exchange(), 400);
		expectProblem(this.web.get().uri(ApiPaths.NODES + "?labelSelector={s}", "bad key=x").exchange(), 400);
	}

	private List<String> names(String selector) {
		return this.web.get()
			.uri(ApiPaths.NODES + "?labelSelector={s}", selector)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBodyList(NodeView.class)
			.returnResult()
			.getResponseBody()
			.stream()
			.map(NodeView::name)
			.toList();
	}

	private void register(String name, Map<String, String> labels) {
		registerNode(new NodeRegistration(name, "aarch64", 1024, 4, labels, null));
	}

}
