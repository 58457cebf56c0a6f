package dev.atoll.agent.backend.qemu;

import java.time.Clock;

import dev.atoll.agent.system.AgentProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes QEMU the agent's backend: orphans of a previous agent are killed first, and
 * Spring closes it (stopping every QEMU) on shutdown.
 */
@Configuration(proxyBeanMethods = false)
class QemuConfiguration {

	@Bean(destroyMethod = "close")
	QemuBackend qemuBackend(AgentProperties properties, Clock clock) {
		QemuBackend backend = new QemuBackend(QemuSettings.from(properties), clock);
		backend.reapOrphans();
		return backend;
	}

}
