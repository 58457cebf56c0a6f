package dev.atoll.controlplane.watch;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param retention how long the change log keeps an entry; a watch resuming from an older
 * version is told 410 Gone
 * @param compactionInterval how often old entries are deleted
 * @param pollInterval how often the log is read when no NOTIFY arrived (a fallback)
 * @param keepAlive how often an idle stream sends an SSE comment, so proxies keep it open
 */
@ConfigurationProperties("atoll.watch")
record WatchProperties(@DefaultValue("5m") Duration retention, @DefaultValue("10s") Duration compactionInterval,
		@DefaultValue("5s") Duration pollInterval, @DefaultValue("15s") Duration keepAlive) {
}
