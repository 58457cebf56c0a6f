package dev.atoll.controlplane.watch;

import java.util.UUID;

import dev.atoll.api.WatchEvent;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Wakes a request waiting on this replica when a change of one object is committed on any
 * replica (the change log's NOTIFY). A hint only: the waiter reads the object itself.
 */
@Component
public class ChangeSignals {

	private final WatchHub hub;

	ChangeSignals(WatchHub hub) {
		this.hub = hub;
	}

	/**
	 * The resource version of the next logged modification (or deletion) of {@code kind}
	 * {@code id}, its creation not counted. It listens from this call on: call it before
	 * the change can commit.
	 */
	public Mono<Long> nextChange(String kind, UUID id) {
		return this.hub.live()
			.filter((record) -> record.kind().equals(kind) && record.id().equals(id)
					&& record.type() != WatchEvent.Type.ADDED)
			.next()
			.map(WatchRecord::resourceVersion);
	}

}
