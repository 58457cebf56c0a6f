package dev.atoll.controlplane.scheduling;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The periodic scheduler pass.
 *
 * @param interval time between passes (a pass also runs after each registration and
 * creation)
 * @param enabled false turns the periodic pass and the event-triggered passes off
 * @param batchSize how many pending instances one pass considers
 */
@ConfigurationProperties("atoll.scheduling")
record SchedulingProperties(@DefaultValue("1s") Duration interval, @DefaultValue("true") boolean enabled,
		@DefaultValue("100") int batchSize) {

}
