package dev.atoll.agent.backend.board;

import java.time.Clock;

import dev.atoll.agent.system.AgentProperties;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes boards the agent's backend when {@code atoll.agent.backend=board}: the node runs
 * its instances on the boards {@code atoll.agent.boards[n]} describe.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "atoll.agent.backend", havingValue = AgentProperties.BOARD)
class BoardConfiguration {

	@Bean(destroyMethod = "close")
	BoardBackend boardBackend(AgentProperties properties, Clock clock) {
		return BoardBackend.from(properties, clock);
	}

}
