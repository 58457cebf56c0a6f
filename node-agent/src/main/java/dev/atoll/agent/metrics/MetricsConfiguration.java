package dev.atoll.agent.metrics;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Refreshes the instance series on a schedule. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class MetricsConfiguration {

}
