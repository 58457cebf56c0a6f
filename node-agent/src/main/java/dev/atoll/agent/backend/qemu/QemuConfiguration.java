package dev.atoll.agent.backend.qemu;

import java.time.Clock;

import dev.atoll.agent.system.AgentProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Makes QEMU the agent's backend; Spring closes it (stopping every QEMU) on shutdown. */
@Configuration(proxyBeanMethods = false)
class QemuConfiguration {

	@Bean(destroyMethod = "close")
	QemuBackend qemuBackend(AgentProperties properties, Clock clock) {
		return new QemuBackend(QemuSettings.from(properties), clock);
	}

}
