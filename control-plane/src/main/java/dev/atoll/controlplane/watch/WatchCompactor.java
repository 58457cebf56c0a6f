package dev.atoll.controlplane.watch;

import org.springframework.stereotype.Component;

import dev.atoll.controlplane.system.PeriodicTask;

/** Deletes change-log entries older than {@code atoll.watch.retention}. */
@Component
class WatchCompactor extends PeriodicTask {

	WatchCompactor(WatchLog log, WatchProperties properties) {
		super("Compacting the watch log", properties.compactionInterval(), () -> log.compact(properties.retention()));
	}

}
