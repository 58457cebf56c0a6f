package dev.atoll.controlplane.watch;

import java.util.List;
import java.util.UUID;

import dev.atoll.api.WatchEvent;

/**
 * One entry of the change log.
 *
 * @param resourceVersion its version, in commit order
 * @param kind {@code instances}, {@code nodes} or a {@link WatchSource}'s kind
 * @param type what happened
 * @param id the object's id (derived from {@code key} for objects keyed by name)
 * @param key the key of an object keyed by name; null for objects with a uuid id
 * @param nudgeNodes nodes whose desired state it changed
 */
record WatchRecord(long resourceVersion, String kind, WatchEvent.Type type, UUID id, String key,
		List<UUID> nudgeNodes) {

	static final String INSTANCES = "instances";

	static final String NODES = "nodes";

}
