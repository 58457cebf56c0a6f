package dev.atoll.controlplane.scheduling;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import dev.atoll.api.NodeRegistered;
import dev.atoll.controlplane.ApiTest;
import dev.atoll.controlplane.system.Jdbc;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several replicas' placement passes race over the same pending instances and nodes (the
 * application's own scheduler is off, so every placement is counted here).
 */
@TestPropertySource(properties = "atoll.scheduling.enabled=false")
class PlacementReplicaTests extends ApiTest {

	@Autowired
	private Jdbc jdbc;

	@Autowired
	private JsonMapper json;

	@Test
	void racingReplicasPlaceEachInstanceOnceAndNeverOverfillANode() throws Exception {
		NodeRegistered a = registerNode("host-a", 25 * 128, 25);
		NodeRegistered b = registerNode("host-b", 10 * 128, 30);
		for (int i = 0; i < 60; i++) {
			createInstance("pending-" + i, 128);
		}

		int replicas = 4;
		ExecutorService pool = Executors.newFixedThreadPool(replicas);
		try {
			List<Callable<Integer>> passes = IntStream.range(0, replicas)
				.mapToObj((replica) -> (Callable<Integer>) () -> placeUntilNothingMoves(
						new Placements(this.sql, this.jdbc, this.json)))
				.toList();
			int placedByAll = 0;
			for (Future<Integer> placed : pool.invokeAll(passes)) {
				placedByAll += placed.get();
			}
			// A replica gives up after a few passes that found everything held by others;
			// one last pass alone places whatever that left.
			placedByAll += placeUntilNothingMoves(new Placements(this.sql, this.jdbc, this.json));

			Map<String, Object> totals = this.sql.sql("""
					select count(*) filter (where node_id = :a) as on_a, count(*) filter (where node_id = :b) as on_b,
					       coalesce(sum(memory_mb) filter (where node_id = :b), 0) as memory_b
					from instances
					""").param("a", a.nodeId()).param("b", b.nodeId()).query().singleRow();
			long onA = ((Number) totals.get("on_a")).longValue();
			long onB = ((Number) totals.get("on_b")).longValue();
			assertThat(onA).isEqualTo(25);
			assertThat(onB).isEqualTo(10);
			assertThat(((Number) totals.get("memory_b")).longValue()).isLessThanOrEqualTo(10 * 128);
			assertThat(placedByAll).as("placements counted by all replicas").isEqualTo(onA + onB);
		}
		finally {
			pool.shutdownNow();
		}
	}

	private int placeUntilNothingMoves(Placements placements) {
		int placed = 0;
		int idle = 0;
		while (idle < 5) {
			Placements.PassResult result = placements.placePending(Duration.ofHours(1), 7)
				.block(Duration.ofSeconds(30));
			placed += result.placed();
			idle = (result.placed() == 0) ? idle + 1 : 0;
		}
		return placed;
	}

}
