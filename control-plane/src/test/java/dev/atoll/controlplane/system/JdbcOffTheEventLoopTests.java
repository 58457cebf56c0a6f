package dev.atoll.controlplane.system;

import java.time.Duration;

import dev.atoll.controlplane.ApiTest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcOffTheEventLoopTests extends ApiTest {

	@Autowired
	private Jdbc jdbc;

	@Test
	void blockingWorkRunsOnTheJdbcThreadsEvenWhenSubscribedFromANonBlockingThread() {
		String thread = Mono.defer(() -> this.jdbc.call(() -> Thread.currentThread().getName()))
			.subscribeOn(Schedulers.parallel())
			.block(Duration.ofSeconds(5));

		assertThat(thread).startsWith("jdbc-");
	}

	@Test
	void aTransactionRunsOnTheJdbcThreadsToo() {
		assertThat(this.jdbc.inTransaction(() -> Schedulers.isInNonBlockingThread()).block(Duration.ofSeconds(5)))
			.isFalse();
		assertThat(this.jdbc.inTransaction(() -> Thread.currentThread().getName()).block(Duration.ofSeconds(5)))
			.startsWith("jdbc-");
	}

}
