package dev.atoll.agent.backend.qemu;

import java.time.Clock;

import dev.atoll.agent.system.AgentProperties;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes QEMU the agent's backend. The reconciler adopts what a previous agent left
 * running; on shutdown every QEMU is stopped, or left running for the next agent when
 * {@code atoll.agent.stop-instances-on-shutdown=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "atoll.agent.backend", havingValue = AgentProperties.QEMU, matchIfMissing = true)
class QemuConfiguration {

	@Bean(destroyMethod = "shutdown")
	QemuBackend qemuBackend(AgentProperties properties, Clock clock) {
		return new QemuBackend(QemuSettings.from(properties), clock);
	}

}
