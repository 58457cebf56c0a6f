package dev.atoll.controlplane.images;

import java.util.List;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.ImageView;
import dev.atoll.controlplane.ApiTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

public class ImageApiTests extends ApiTest {

	static final String SHA = "a".repeat(64);

	public static String image(String name, String version, String labels) {
		return """
				{"name": "%s", "version": "%s", "architecture": "aarch64", "sha256": "%s", "labels": %s,
				 "components": [{"name": "kernel.elf", "kind": "kernel", "sha256": "%s", "sizeBytes": 524288},
				                {"name": "hello", "kind": "program", "sha256": "%s"},
				                {"name": "linux", "kind": "program", "sha256": "%s"},
				                {"name": "uart", "kind": "service", "sha256": "%s"},
				                {"name": "blk", "kind": "service", "sha256": "%s"},
				                {"name": "fs", "kind": "service", "sha256": "%s"}]}
				""".formatted(name, version, SHA, labels, SHA, SHA, SHA, SHA, SHA, SHA);
	}

	@Test
	void aRegisteredImageIsReadBackAndImmutable() {
		ImageView created = register(image("demo", "1.0.0", "{\"channel\": \"stable\"}"), null).expectStatus()
			.isCreated()
			.expectHeader()
			.location(ApiPaths.IMAGES + "/demo/1.0.0")
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"1\"")
			.expectBody(ImageView.class)
			.returnResult()
			.getResponseBody();
		assertThat(created.components()).hasSize(6);
		assertThat(this.web.get()
			.uri(ApiPaths.IMAGE, "demo", "1.0.0")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(ImageView.class)
			.returnResult()
			.getResponseBody()).isEqualTo(created);
		this.web.get()
			.uri(ApiPaths.IMAGE, "demo", "1.0.0")
			.header(HttpHeaders.IF_NONE_MATCH, "\"1\"")
			.exchange()
			.expectStatus()
			.isNotModified();
		expectProblem(register(image("demo", "1.0.0", "{}"), null), 409);
		expectProblem(this.web.get().uri(ApiPaths.IMAGE, "demo", "2.0.0").exchange(), 404);
	}

	@Test
	void aKeyReplaysTheRegistrationAndAnotherBodyIs422() {
		register(image("demo", "1.0.0", "{}"), "img-1").expectStatus().isCreated();
		register(image("demo", "1.0.0", "{}"), "img-1").expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals(ApiPaths.IDEMPOTENT_REPLAYED, "true");
		expectProblem(register(image("demo", "1.0.1", "{}"), "img-1"), 422);
	}

	@Test
	void deletionHonoursIfMatch() {
		register(image("demo", "1.0.0", "{}"), null).expectStatus().isCreated();
		expectProblem(
				this.web.delete().uri(ApiPaths.IMAGE, "demo", "1.0.0").header(HttpHeaders.IF_MATCH, "\"2\"").exchange(),
				412);
		this.web.delete().uri(ApiPaths.IMAGE, "demo", "1.0.0").exchange().expectStatus().isNoContent();
		expectProblem(this.web.delete().uri(ApiPaths.IMAGE, "demo", "1.0.0").exchange(), 404);
	}

	@Test
	void theListPagesByNameAndVersionAndFiltersByLabel() {
		for (String version : List.of("1.0.0", "1.1.0", "2.0.0")) {
			register(image("demo", version, "{\"channel\": \"stable\"}"), null).expectStatus().isCreated();
		}
		register(image("other", "1.0.0", "{\"channel\": \"beta\"}"), null).expectStatus().isCreated();
		EntityExchangeResult<List<ImageView>> first = this.web.get()
			.uri(ApiPaths.IMAGES + "?limit=2&labelSelector={s}", "channel=stable")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<List<ImageView>>() {
			})
			.returnResult();
		assertThat(first.getResponseBody()).extracting(ImageView::version).containsExactly("1.0.0", "1.1.0");
		this.web.get()
			.uri(nextPage(first.getResponseHeaders().getFirst(HttpHeaders.LINK)))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.doesNotExist(HttpHeaders.LINK)
			.expectBody()
			.jsonPath("$[*].version")
			.isEqualTo(List.of("2.0.0"));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			bad version        | "version": "1.0.0",        | "version": "../1",         | version
			bad architecture   | "architecture": "aarch64", | "architecture": "ARM 64",  | architecture
			bad checksum       | "sha256": "aaaa            | "sha256": "XYZ             | sha256
			no kernel          | "kind": "kernel"           | "kind": "program"          | components
			unknown kind       | "kind": "service"          | "kind": "firmware"         | components[3].kind
			file listed twice  | "name": "linux"            | "name": "hello"            | components[2].name
			unknown field      | "architecture":            | "colour": "red", "architecture": | colour
			""")
	void anInvalidImageIs400NamingTheField(String why, String from, String to, String field) {
		expectProblem(
				register(image("demo", "1.0.0", "{}").replaceFirst(java.util.regex.Pattern.quote(from), to), null), 400)
			.jsonPath("$.errors[*].field")
			.value((List<String> fields) -> assertThat(fields).contains(field));
	}

	private WebTestClient.ResponseSpec register(String json, String key) {
		WebTestClient.RequestBodySpec post = this.web.post()
			.uri(ApiPaths.IMAGES)
			.contentType(MediaType.APPLICATION_JSON);
		if (key != null) {
			post.header(ApiPaths.IDEMPOTENCY_KEY, key);
		}
		return post.bodyValue(json).exchange();
	}

}
