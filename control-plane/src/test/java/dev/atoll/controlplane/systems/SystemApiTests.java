package dev.atoll.controlplane.systems;

import java.util.List;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.RestartPolicy;
import dev.atoll.api.RestartSpec;
import dev.atoll.api.ServiceSpec;
import dev.atoll.api.SystemPatch;
import dev.atoll.api.SystemRevisionView;
import dev.atoll.api.SystemSpec;
import dev.atoll.api.SystemView;
import org.junit.jupiter.api.Test;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

class SystemApiTests extends SystemApiTest {

	@Test
	void aCreatedSystemHasRevisionOneWithTheDefaultsFilledIn() {
		SystemView created = createSystem(SystemFixtures.VALID, null).expectStatus()
			.isCreated()
			.expectHeader()
			.location(ApiPaths.SYSTEMS + "/web")
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"1\"")
			.expectBody(SystemView.class)
			.returnResult()
			.getResponseBody();
		assertThat(created.revision()).isEqualTo(1);
		ServiceSpec fs = created.spec().services().get(2);
		assertThat(fs.program()).isEqualTo("fs");
		assertThat(fs.priority()).as("linked: its host's").isNull();
		assertThat(fs.restart()).as("linked: its host's").isNull();
		assertThat(fs.devices()).isEmpty();
		ServiceSpec uart = created.spec().services().get(0);
		assertThat(uart.priority()).isEqualTo(200);
		assertThat(uart.restart()).isEqualTo(new RestartSpec(RestartPolicy.Never, 3, 100));
		assertThat(created.spec().services().get(1).irqs()).containsExactly(79);
		assertThat(created.spec().personalities().get(0).program()).isEqualTo("hello");
		assertThat(system("web")).isEqualTo(created);
	}

	@Test
	void aNameIsTakenOnce() {
		createSystem(SystemFixtures.VALID, null).expectStatus().isCreated();
		expectProblem(createSystem(SystemFixtures.VALID, null), 409).jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("'web' already exists"));
	}

	@Test
	void aPatchedSpecMakesANewRevisionAndKeepsTheOldOne() {
		SystemSpec first = createSystem(SystemFixtures.VALID, null).expectBody(SystemView.class)
			.returnResult()
			.getResponseBody()
			.spec();
		SystemSpec split = withFsInItsOwnTask(first);
		SystemView patched = patchSystem("web", new SystemPatch(null, split), null).expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"2\"")
			.expectBody(SystemView.class)
			.returnResult()
			.getResponseBody();
		assertThat(patched.revision()).isEqualTo(2);
		assertThat(patched.spec()).isEqualTo(split);
		assertThat(patched.labels()).containsEntry("team", "a");

		List<SystemRevisionView> revisions = this.web.get()
			.uri(ApiPaths.SYSTEM_REVISIONS, "web")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<List<SystemRevisionView>>() {
			})
			.returnResult()
			.getResponseBody();
		assertThat(revisions).extracting(SystemRevisionView::revision).containsExactly(1, 2);
		assertThat(revisions.get(0).spec()).isEqualTo(first);
		assertThat(this.web.get()
			.uri(ApiPaths.SYSTEM_REVISION, "web", 1)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(SystemRevisionView.class)
			.returnResult()
			.getResponseBody()
			.spec()).isEqualTo(first);
	}

	@Test
	void aPatchThatChangesNothingMakesNoRevision() {
		SystemSpec first = createSystem(SystemFixtures.VALID, null).expectBody(SystemView.class)
			.returnResult()
			.getResponseBody()
			.spec();
		patchSystem("web", new SystemPatch(null, first), null).expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"1\"");
		assertThat(system("web").revision()).isEqualTo(1);
	}

	@Test
	void relabellingChangesTheVersionButMakesNoRevision() {
		createSystem(SystemFixtures.VALID, null).expectStatus().isCreated();
		SystemView relabelled = patchSystem("web", new SystemPatch(java.util.Map.of("team", "b"), null), null)
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"2\"")
			.expectBody(SystemView.class)
			.returnResult()
			.getResponseBody();
		assertThat(relabelled.labels()).containsExactlyEntriesOf(java.util.Map.of("team", "b"));
		assertThat(relabelled.revision()).isEqualTo(1);
	}

	@Test
	void aPatchIsValidatedLikeACreate() {
		createSystem(SystemFixtures.VALID, null).expectStatus().isCreated();
		expectProblem(this.web.patch()
			.uri(ApiPaths.SYSTEM, "web")
			.contentType(MediaType.valueOf("application/merge-patch+json"))
			.bodyValue("{\"spec\": {\"memoryMb\": 256, \"services\": [{\"name\": \"uart\", \"kind\": \"uart\","
					+ " \"linkedInto\": [\"nobody\"]}]}}")
			.exchange(), 400).jsonPath("$.errors[0].field").isEqualTo("spec.services[0].linkedInto[0]");
		assertThat(system("web").revision()).isEqualTo(1);
	}

	@Test
	void unknownSystemsAndRevisionsAre404() {
		expectProblem(this.web.get().uri(ApiPaths.SYSTEM, "nothing").exchange(), 404);
		expectProblem(this.web.get().uri(ApiPaths.SYSTEM_REVISIONS, "nothing").exchange(), 404);
		expectProblem(this.web.delete().uri(ApiPaths.SYSTEM, "nothing").exchange(), 404);
		expectProblem(patchSystem("nothing", new SystemPatch(java.util.Map.of(), null), null), 404);
		createSystem(SystemFixtures.VALID, null).expectStatus().isCreated();
		expectProblem(this.web.get().uri(ApiPaths.SYSTEM_REVISION, "web", 2).exchange(), 404);
		expectProblem(this.web.get().uri(ApiPaths.SYSTEM_REVISION, "web", "two").exchange(), 400)
			.jsonPath("$.errors[0].field")
			.isEqualTo("revision");
	}

	@Test
	void aDeletedSystemIsGoneWithItsRevisions() {
		createSystem(SystemFixtures.VALID, null).expectStatus().isCreated();
		this.web.delete().uri(ApiPaths.SYSTEM, "web").exchange().expectStatus().isNoContent();
		expectProblem(this.web.get().uri(ApiPaths.SYSTEM, "web").exchange(), 404);
		assertThat(this.sql.sql("select count(*) from system_revisions").query(Integer.class).single()).isZero();
		createSystem(SystemFixtures.VALID, null).expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.revision")
			.isEqualTo(1);
	}

	static SystemSpec withFsInItsOwnTask(SystemSpec spec) {
		List<ServiceSpec> services = spec.services()
			.stream()
			.map((s) -> s.name().equals("fs") ? new ServiceSpec(s.name(), s.kind(), s.program(), List.of(), 180,
					2097152L, s.devices(), s.irqs(), s.uses(), new RestartSpec(RestartPolicy.Never, 3, 100)) : s)
			.toList();
		return new SystemSpec(spec.memoryMb(), spec.personalities(), services);
	}

}
