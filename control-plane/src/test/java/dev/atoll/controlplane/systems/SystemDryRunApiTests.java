package dev.atoll.controlplane.systems;

import java.util.List;
import java.util.Map;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.SystemDiff;
import dev.atoll.api.SystemPatch;
import dev.atoll.api.SystemSpec;
import dev.atoll.api.TaskChange;
import dev.atoll.api.TaskChange.Change;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

class SystemDryRunApiTests extends SystemApiTest {

	@Test
	void aDryRunCreateAddsEveryTaskAndStoresNothing() {
		SystemDiff diff = this.web.post()
			.uri(ApiPaths.SYSTEMS + "?dryRun=true")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(SystemFixtures.VALID)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(SystemDiff.class)
			.returnResult()
			.getResponseBody();
		assertThat(diff.againstRevision()).isNull();
		assertThat(diff.changes()).extracting(TaskChange::task, TaskChange::change, TaskChange::placementAfter)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("linux", Change.Added, "own task"),
					org.assertj.core.groups.Tuple.tuple("uart", Change.Added, "own task"),
					org.assertj.core.groups.Tuple.tuple("blk", Change.Added, "own task"),
					org.assertj.core.groups.Tuple.tuple("fs", Change.Added, "linked into linux"));
		assertThat(diff.spec().services().get(0).priority()).isEqualTo(200);
		assertThat(this.sql.sql("select count(*) from systems").query(Integer.class).single()).isZero();
	}

	@Test
	void aDryRunPatchDiffsAgainstTheLatestRevisionAndStoresNothing() {
		SystemSpec first = createFixture().spec();
		SystemSpec next = moveFsAndDropUartAndAddNet(first);
		SystemDiff diff = dryRun("", new SystemPatch(null, next));
		assertThat(diff.againstRevision()).isEqualTo(1);
		assertThat(diff.memoryMbBefore()).isEqualTo(256);
		assertThat(diff.changes()).containsExactly(
				new TaskChange("linux", Change.Changed, List.of("uses"), "own task", "own task"),
				new TaskChange("fs", Change.Changed, List.of("placement", "priority", "memoryBudgetBytes", "restart"),
						"linked into linux", "own task"),
				new TaskChange("net", Change.Added, List.of(), null, "own task"),
				new TaskChange("uart", Change.Removed, List.of(), "own task", null));
		assertThat(this.sql.sql("select count(*) from system_revisions").query(Integer.class).single()).isEqualTo(1);
	}

	@Test
	void aDryRunComparesWithTheRevisionAskedFor() {
		SystemSpec first = createFixture().spec();
		SystemSpec next = moveFsAndDropUartAndAddNet(first);
		this.web.patch()
			.uri(ApiPaths.SYSTEM, "web")
			.bodyValue(new SystemPatch(null, next))
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(dryRun("", new SystemPatch(null, next)).changes()).isEmpty();
		SystemDiff againstFirst = dryRun("&against=1", new SystemPatch(null, next));
		assertThat(againstFirst.againstRevision()).isEqualTo(1);
		assertThat(againstFirst.changes()).hasSize(4);
		SystemDiff labelsOnly = dryRun("&against=1", new SystemPatch(Map.of("x", "y"), null));
		assertThat(labelsOnly.spec()).isEqualTo(next);
		assertThat(labelsOnly.changes()).hasSize(4);
	}

	@Test
	void aDryRunAgainstAMissingRevisionIs400NamingAgainst() {
		SystemSpec first = createFixture().spec();
		expectProblem(this.web.patch()
			.uri(ApiPaths.SYSTEM + "?dryRun=true&against=7", "web")
			.bodyValue(new SystemPatch(null, first))
			.exchange(), 400).jsonPath("$.errors[0].field").isEqualTo("against");
		expectProblem(this.web.post()
			.uri(ApiPaths.SYSTEMS + "?dryRun=true&against=1")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(SystemFixtures.VALID)
			.exchange(), 400).jsonPath("$.errors[0].field").isEqualTo("against");
	}

	/** fs in its own task at 180, uart gone (and no longer used), a net service added. */
	private static SystemSpec moveFsAndDropUartAndAddNet(SystemSpec spec) {
		SystemSpec split = SystemApiTests.withFsInItsOwnTask(spec);
		var linux = split.personalities().get(0);
		var net = new dev.atoll.api.ServiceSpec("net", "net", "net", List.of(), 150, 4096L, List.of("virtio-net0"),
				List.of(), List.of(), split.services().get(0).restart());
		return new SystemSpec(split.memoryMb(),
				List.of(new dev.atoll.api.PersonalitySpec(linux.name(), linux.kind(), linux.program(), linux.priority(),
						linux.memoryBudgetBytes(), linux.devices(), linux.irqs(), List.of("fs"), linux.restart())),
				List.of(split.services().get(1), split.services().get(2), net));
	}

	private SystemDiff dryRun(String query, SystemPatch patch) {
		return this.web.patch()
			.uri(ApiPaths.SYSTEM + "?dryRun=true" + query, "web")
			.bodyValue(patch)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(SystemDiff.class)
			.returnResult()
			.getResponseBody();
	}

}
