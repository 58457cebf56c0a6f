package dev.atoll.api;

import java.util.UUID;

/**
 * One event of a watch stream ({@code text/event-stream}; the SSE {@code id} is the
 * resource version, the SSE {@code event} the type).
 *
 * @param type what happened
 * @param resourceVersion the version of this change; resume after it with
 * {@code ?resourceVersion=} or {@code Last-Event-ID}
 * @param id the object's id; for objects keyed by name (systems, images), a uuid derived
 * from {@code key}, the same in each event of the object
 * @param object the object as it is when the event is sent (it may already include later
 * changes, whose events follow); null for DELETED
 * @param key the key of an object keyed by name: a system's name, an image's
 * {@code name/version}; null for objects with a uuid id
 * @param <T> the object type, e.g. {@link InstanceView} or {@link NodeView}
 */
public record WatchEvent<T>(Type type, long resourceVersion, UUID id, T object, String key) {

	/**
	 * An event of an object with a uuid id (no key).
	 * @param type what happened
	 * @param resourceVersion the version of this change
	 * @param id the object's id
	 * @param object the object; null for DELETED
	 */
	public WatchEvent(Type type, long resourceVersion, UUID id, T object) {
		this(type, resourceVersion, id, object, null);
	}

	/** What happened to the object. */
	public enum Type {

		/** It was created (or, at the start of a watch without a version, it exists). */
		ADDED,
		/** It changed. */
		MODIFIED,
		/** It is gone. */
		DELETED

	}

}
