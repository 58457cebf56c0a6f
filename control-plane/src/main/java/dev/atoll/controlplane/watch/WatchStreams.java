package dev.atoll.controlplane.watch;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.WatchEvent;
import dev.atoll.controlplane.system.Outcome;
import dev.atoll.controlplane.system.Problem;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Builds watch streams: from a resource version (the backlog from the log, then live
 * entries, each exactly once and in order), or without one (every current object as
 * ADDED, then every change after the version that listing started from).
 */
@Service
class WatchStreams {

	private static final int BATCH = 1000;

	/**
	 * Events whose objects are read in one query: a busy fleet changes a thousand
	 * instances a second, more than one lookup per event keeps up with.
	 */
	private static final int LOOKUP_BATCH = 256;

	/** How long an event waits for others to share its lookup. */
	private static final Duration LOOKUP_WAIT = Duration.ofMillis(5);

	private final WatchLog changes;

	private final WatchHub hub;

	WatchStreams(WatchLog changes, WatchHub hub) {
		this.changes = changes;
		this.hub = hub;
	}

	/**
	 * The events of one kind after {@code version}, or from the current state.
	 * @param kind the log's kind
	 * @param version the last version the client saw, if any
	 * @param current every object of the kind now, as (id, object) for the start
	 * @param lookup the objects of those ids as they are now, by id; absent once deleted
	 * @return the stream; Gone when the version was compacted away
	 */
	<T> Mono<Outcome<Flux<WatchEvent<T>>>> watch(String kind, Optional<Long> version, Mono<List<Identified<T>>> current,
			Function<List<UUID>, Mono<Map<UUID, T>>> lookup) {
		if (version.isPresent()) {
			return this.changes.compactedThrough().map((compacted) -> {
				if (version.get() < compacted) {
					return Outcome.failure(new Problem.Gone(
							"resource version " + version.get() + " is too old: versions up to " + compacted
									+ " were compacted; list again, or watch without " + ApiPaths.RESOURCE_VERSION));
				}
				return Outcome.success(Flux.defer(() -> changesAfter(version.get(), kind, lookup)));
			});
		}
		return Mono.just(Outcome.success(Flux.defer(() -> {
			Flux<WatchRecord> live = this.hub.live();
			return this.changes.head()
				.flatMapMany((head) -> current
					.flatMapMany((objects) -> Flux.fromIterable(objects)
						.map((object) -> new WatchEvent<>(WatchEvent.Type.ADDED, head, object.id(), object.object(),
								object.key())))
					.concatWith(events(ordered(after(head), live, head), kind, lookup)));
		})));
	}

	/** Every entry that nudges {@code nodeId}'s agent, live. */
	Flux<WatchRecord> nudges(UUID nodeId) {
		return this.hub.live().filter((record) -> record.nudgeNodes().contains(nodeId));
	}

	private <T> Flux<WatchEvent<T>> changesAfter(long version, String kind,
			Function<List<UUID>, Mono<Map<UUID, T>>> lookup) {
		Flux<WatchRecord> live = this.hub.live();
		return events(ordered(after(version), live, version), kind, lookup);
	}

	/** The backlog, then live entries, dropping any version already passed. */
	private static Flux<WatchRecord> ordered(Flux<WatchRecord> backlog, Flux<WatchRecord> live, long from) {
		AtomicLong last = new AtomicLong(from);
		return Flux.concat(backlog, live).filter((record) -> {
			if (record.resourceVersion() <= last.get()) {
				return false;
			}
			last.set(record.resourceVersion());
			return true;
		});
	}

	private Flux<WatchRecord> after(long version) {
		return this.changes.after(version, BATCH)
			.flatMapMany((batch) -> (batch.size() < BATCH) ? Flux.fromIterable(batch)
					: Flux.fromIterable(batch).concatWith(Flux.defer(() -> after(batch.getLast().resourceVersion()))));
	}

	private static <T> Flux<WatchEvent<T>> events(Flux<WatchRecord> records, String kind,
			Function<List<UUID>, Mono<Map<UUID, T>>> lookup) {
		return records.filter((record) -> record.kind().equals(kind))
			.bufferTimeout(LOOKUP_BATCH, LOOKUP_WAIT, true)
			.concatMap((batch) -> {
				List<UUID> ids = batch.stream()
					.filter((record) -> record.type() != WatchEvent.Type.DELETED)
					.map(WatchRecord::id)
					.distinct()
					.toList();
				Mono<Map<UUID, T>> objects = ids.isEmpty() ? Mono.just(Map.of()) : lookup.apply(ids);
				return objects.flatMapIterable((found) -> batch.stream().<WatchEvent<T>>mapMulti((record, events) -> {
					if (record.type() == WatchEvent.Type.DELETED) {
						events.accept(new WatchEvent<>(record.type(), record.resourceVersion(), record.id(), null,
								record.key()));
					}
					else if (found.containsKey(record.id())) {
						// Absent: deleted since, and its DELETED event follows.
						events.accept(new WatchEvent<>(record.type(), record.resourceVersion(), record.id(),
								found.get(record.id()), record.key()));
					}
				}).toList());
			});
	}

	/**
	 * An object with its id.
	 *
	 * @param id the id
	 * @param key the key of an object keyed by name, else null
	 * @param object the object
	 * @param <T> its type
	 */
	record Identified<T>(UUID id, String key, T object) {

		Identified(UUID id, T object) {
			this(id, null, object);
		}

	}

}
