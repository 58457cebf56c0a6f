package dev.atoll.controlplane.leases;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import dev.atoll.api.InstanceEvent;
import dev.atoll.api.LeaseState;
import dev.atoll.api.LeaseView;
import dev.atoll.controlplane.system.Versioned;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replicas racing over the same leases (the application's own reconciler is off, so every
 * claim and pass is counted here): a lease is claimed by one replica at a time, a crashed
 * replica's claim runs out, and racing passes tear each expired lease's instance down
 * once.
 */
@TestPropertySource(properties = "atoll.leases.enabled=false")
class LeaseClaimReplicaTests extends LeaseApiTest {

	@Autowired
	private LeaseRepository leases;

	@Autowired
	private LeaseWork work;

	@Test
	void racingReplicasNeverClaimTheSameLeaseTwice() throws Exception {
		Set<UUID> created = new HashSet<>();
		for (int i = 0; i < 40; i++) {
			created.add(create(lease("run-" + i, Map.of("arch", "riscv64"), 600)).id());
		}
		int replicas = 4;
		ExecutorService pool = Executors.newFixedThreadPool(replicas);
		try {
			List<Callable<List<UUID>>> claimers = IntStream.range(0, replicas)
				.mapToObj((replica) -> (Callable<List<UUID>>) this::claimUntilNothingIsLeft)
				.toList();
			List<UUID> claimed = new ArrayList<>();
			for (Future<List<UUID>> one : pool.invokeAll(claimers)) {
				claimed.addAll(one.get());
			}
			assertThat(claimed).as("claimed by all replicas, each lease once").doesNotHaveDuplicates();
			assertThat(new HashSet<>(claimed)).isEqualTo(created);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void aCrashedReplicasClaimRunsOut() throws Exception {
		LeaseView created = create(lease("run-1", Map.of("arch", "riscv64"), 600));
		assertThat(ids(this.leases.claim(10, Duration.ofMillis(500)))).containsExactly(created.id());
		// That replica dies holding it: nobody else may take it until the claim runs out.
		assertThat(ids(this.leases.claim(10, Duration.ofSeconds(30)))).isEmpty();
		Thread.sleep(700);
		assertThat(ids(this.leases.claim(10, Duration.ofSeconds(30)))).containsExactly(created.id());
	}

	@Test
	void racingPassesTearEachExpiredLeasesInstanceDownOnce() throws Exception {
		List<LeaseView> created = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			created.add(create(lease("run-" + i, Map.of("arch", "riscv64"), 1)));
		}
		Thread.sleep(1100);
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Callable<Object>> passes = IntStream.range(0, 4)
				.mapToObj((replica) -> (Callable<Object>) () -> this.work.pass().block(Duration.ofSeconds(30)))
				.toList();
			for (Future<Object> pass : pool.invokeAll(passes)) {
				pass.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		// Unplaced instances are purged at once: a lease whose pass ran is done.
		this.work.pass().block(Duration.ofSeconds(30));
		for (LeaseView lease : created) {
			LeaseView now = lease(lease.id());
			assertThat(now.state()).isEqualTo(LeaseState.Expired);
			assertThat(now.instanceGone()).isTrue();
		}
		assertThat(this.sql.sql("select count(*) from instances").query(Long.class).single()).isZero();
	}

	@Test
	void anExpiredLeaseOnALiveNodeGetsOneTeardownEventHoweverManyPassesRetryIt() throws Exception {
		registerNode("node-a", 1024, 4);
		LeaseView created = create(lease("run-1", Map.of(), 1));
		awaitPlaced(created.instanceId());
		Thread.sleep(1100);
		for (int i = 0; i < 3; i++) {
			this.work.pass().block(Duration.ofSeconds(30));
		}
		assertThat(lease(created.id()).state()).isEqualTo(LeaseState.Expired);
		assertThat(lease(created.id()).instanceGone()).as("the node has not stopped it yet").isFalse();
		assertThat(events(created.instanceId()))
			.filteredOn((event) -> event.reason() == InstanceEvent.Reason.LeaseExpired)
			.hasSize(1);
	}

	private List<UUID> claimUntilNothingIsLeft() {
		List<UUID> mine = new ArrayList<>();
		int idle = 0;
		while (idle < 5) {
			List<UUID> claimed = ids(this.leases.claim(3, Duration.ofMinutes(5)));
			mine.addAll(claimed);
			idle = claimed.isEmpty() ? idle + 1 : 0;
		}
		return mine;
	}

	private static List<UUID> ids(reactor.core.publisher.Mono<List<Versioned<LeaseView>>> claimed) {
		return claimed.block(Duration.ofSeconds(30)).stream().map((lease) -> lease.value().id()).toList();
	}

}
