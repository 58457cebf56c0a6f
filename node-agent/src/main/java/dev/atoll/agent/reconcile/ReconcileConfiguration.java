package dev.atoll.agent.reconcile;

import java.time.Clock;
import java.time.Duration;

import dev.atoll.agent.backend.Backend;
import dev.atoll.agent.console.ConsoleLogs;
import dev.atoll.agent.system.AgentProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The reconciler with the configured restart policy, console logs and boot timeout. */
@Configuration(proxyBeanMethods = false)
class ReconcileConfiguration {

	@Bean
	Reconciler reconciler(Backend backend, Clock clock, AgentProperties properties) {
		return new Reconciler(backend, clock,
				new RestartPolicy(properties.restartLimit(), properties.restartDelay(), Duration.ofMinutes(1)),
				new ConsoleLogs(properties.workDir(), properties.consoleLogSize().toBytes(),
						properties.consoleLogFiles()),
				properties.bootTimeout());
	}

}
