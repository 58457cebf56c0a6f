package dev.atoll.controlplane.system;

import java.util.concurrent.Callable;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs blocking JDBC work off the event loop: every repository call goes through here, on
 * the bounded {@code jdbc} scheduler whose size matches the connection pool.
 */
@Component
public final class Jdbc {

	private final Scheduler scheduler;

	private final TransactionTemplate transactions;

	Jdbc(@Qualifier(JdbcScheduling.SCHEDULER) Scheduler scheduler, TransactionTemplate transactions) {
		this.scheduler = scheduler;
		this.transactions = transactions;
	}

	/** One statement (or several, each in its own implicit transaction). */
	public <T> Mono<T> call(Callable<T> work) {
		return Mono.fromCallable(work).subscribeOn(this.scheduler);
	}

	/** Several statements in one transaction; an empty result is an empty Mono. */
	public <T> Mono<T> inTransaction(Supplier<T> work) {
		return Mono.fromCallable(() -> this.transactions.execute((status) -> work.get())).subscribeOn(this.scheduler);
	}

}
