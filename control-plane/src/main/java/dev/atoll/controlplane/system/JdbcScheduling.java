package dev.atoll.controlplane.system;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The threads that may block on PostgreSQL; never an event-loop thread. */
@Configuration(proxyBeanMethods = false)
class JdbcScheduling {

	static final String SCHEDULER = "jdbcScheduler";

	@Bean(name = SCHEDULER, destroyMethod = "dispose")
	Scheduler jdbcScheduler(@Value("${spring.datasource.hikari.maximum-pool-size:10}") int poolSize) {
		// More threads than connections would only queue inside the pool, holding a
		// thread.
		return Schedulers.newBoundedElastic(poolSize, 100_000, "jdbc");
	}

}
