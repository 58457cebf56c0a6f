package dev.atoll.controlplane.instances;

import java.util.List;
import java.util.Map;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.CreateInstanceRequest;
import dev.atoll.api.DesiredInstance;
import dev.atoll.api.InstanceView;
import dev.atoll.api.NodeRegistered;
import dev.atoll.api.SystemView;
import dev.atoll.controlplane.ApiTest;
import dev.atoll.controlplane.images.ImageApiTests;
import dev.atoll.controlplane.systems.SystemFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Instances that boot a registered system revision and image version. */
class InstanceReferenceApiTests extends ApiTest {

	private SystemView system;

	@BeforeEach
	void registerSystemAndImage() {
		this.system = this.web.post()
			.uri(ApiPaths.SYSTEMS)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(SystemFixtures.VALID)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(SystemView.class)
			.returnResult()
			.getResponseBody();
		this.web.post()
			.uri(ApiPaths.IMAGES)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(ImageApiTests.image("demo", "1.0.0", "{}"))
			.exchange()
			.expectStatus()
			.isCreated();
	}

	@Test
	void theAgentReceivesTheRevisionsSpecAndTheMemoryDefaultsToIt() {
		NodeRegistered node = registerNode("host-a", 4096, 4);
		InstanceView created = create(new CreateInstanceRequest("web-1", "web", "demo", null, null, null, 1, "1.0.0"))
			.expectStatus()
			.isCreated()
			.expectBody(InstanceView.class)
			.returnResult()
			.getResponseBody();
		assertThat(created.systemRevision()).isEqualTo(1);
		assertThat(created.imageVersion()).isEqualTo("1.0.0");
		assertThat(created.memoryMb()).isEqualTo(256);
		awaitPlaced(created.id());
		DesiredInstance desired = heartbeat(node).instances().getFirst();
		assertThat(desired.systemRevision()).isEqualTo(1);
		assertThat(desired.imageVersion()).isEqualTo("1.0.0");
		assertThat(desired.config()).isEqualTo(this.system.spec());
	}

	@Test
	void anInstanceWithoutARevisionGetsNoConfig() {
		NodeRegistered node = registerNode("host-a", 4096, 4);
		InstanceView created = createInstance("web-1", 128);
		assertThat(created.systemRevision()).isNull();
		awaitPlaced(created.id());
		assertThat(heartbeat(node).instances().getFirst().config()).isNull();
	}

	@Test
	void referencesToWhatIsNotRegisteredAre400() {
		expectProblem(create(new CreateInstanceRequest("web-1", "web", "demo", null, null, null, 2, "9.9")), 400)
			.jsonPath("$.errors[*].field")
			.value((List<String> fields) -> assertThat(fields).containsExactlyInAnyOrder("systemRevision",
					"imageVersion"));
		expectProblem(create(new CreateInstanceRequest("web-1", "nothing", "demo", null, null, null, 1, null)), 400)
			.jsonPath("$.errors[0].field")
			.isEqualTo("systemRevision");
		expectProblem(create(new CreateInstanceRequest("web-1", "web", "demo", null, null, null, 0, "../x")), 400)
			.jsonPath("$.errors[*].field")
			.value((List<String> fields) -> assertThat(fields).containsExactlyInAnyOrder("systemRevision",
					"imageVersion"));
		assertThat(this.sql.sql("select count(*) from instances").query(Integer.class).single()).isZero();
	}

	@Test
	void lessMemoryThanTheRevisionNeedsIs400() {
		expectProblem(create(new CreateInstanceRequest("web-1", "web", "demo", 128, null, null, 1, null)), 400)
			.jsonPath("$.errors[0].field")
			.isEqualTo("memoryMb");
	}

	@Test
	void anImageWithoutAProgramTheRevisionRunsIs400() {
		this.web.patch()
			.uri(ApiPaths.SYSTEM, "web")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"spec\": " + SystemFixtures.edited("/spec/personalities/0/program=\"httpd\"")
				.replaceFirst("^.*\"spec\":", "")
				.replaceFirst("}$", "") + "}")
			.exchange()
			.expectStatus()
			.isOk();
		expectProblem(create(new CreateInstanceRequest("web-1", "web", "demo", null, null, null, 2, "1.0.0")), 400)
			.jsonPath("$.errors[0].message")
			.value((String message) -> assertThat(message).contains("no file 'httpd'"));
	}

	@Test
	void aSystemOrImageThatAnInstanceBootsCannotBeDeleted() {
		create(new CreateInstanceRequest("web-1", "web", "demo", null, Map.of(), Map.of(), 1, "1.0.0")).expectStatus()
			.isCreated();
		expectProblem(this.web.delete().uri(ApiPaths.SYSTEM, "web").exchange(), 409).jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("web-1"));
		expectProblem(this.web.delete().uri(ApiPaths.IMAGE, "demo", "1.0.0").exchange(), 409);
	}

	private WebTestClient.ResponseSpec create(CreateInstanceRequest request) {
		return this.web.post().uri(ApiPaths.INSTANCES).bodyValue(request).exchange();
	}

}
