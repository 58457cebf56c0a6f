package dev.atoll.controlplane.watch;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import dev.atoll.controlplane.system.Versioned;
import dev.atoll.controlplane.system.Violation;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.util.MultiValueMap;

/**
 * A collection with a watch stream at {@code /api/v1/watch/}{@link #kind()}: its feature
 * declares one as a bean, and its table's trigger logs its changes under the same kind
 * (migrations V38, V39). The stream, its resume and 410 Gone are the watch feature's.
 *
 * @param <T> the object type on the wire
 */
public interface WatchSource<T> {

	/** The log's kind, also the last segment of the stream's path. */
	String kind();

	/**
	 * The object's id, as in the log: for objects keyed by name, {@link #keyId} of its
	 * {@link #key}.
	 */
	UUID id(T object);

	/**
	 * The key of an object keyed by name (as migration V39 logs it), else null.
	 */
	default String key(T object) {
		return null;
	}

	/**
	 * The filter the stream's query parameters name (as the list's), adding a violation
	 * for each bad one.
	 */
	Predicate<T> filter(MultiValueMap<String, String> query, List<Violation> violations);

	/** Every object now. */
	Mono<List<T>> all();

	/** The objects of those ids as they are now, by id; absent once deleted. */
	Mono<Map<UUID, T>> find(List<UUID> ids);

	/**
	 * The uuid the change log gives an object of {@code kind} keyed by {@code key}: the
	 * md5 of {@code kind/key}, as PostgreSQL's {@code md5(...)::uuid} (migration V39).
	 */
	static UUID keyId(String kind, String key) {
		try {
			ByteBuffer digest = ByteBuffer
				.wrap(MessageDigest.getInstance("MD5").digest((kind + "/" + key).getBytes(StandardCharsets.UTF_8)));
			return new UUID(digest.getLong(), digest.getLong());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The objects of those ids among {@code all}: for small collections keyed by name,
	 * whose ids ({@link #keyId}) cannot be looked up.
	 */
	static <T> Mono<Map<UUID, T>> amongAll(Mono<List<T>> all, List<UUID> ids, Function<T, UUID> id) {
		return all.map((objects) -> objects.stream()
			.filter((object) -> ids.contains(id.apply(object)))
			.collect(Collectors.toMap(id, Function.identity())));
	}

	/**
	 * The objects of those ids, one lookup each: for collections that change seldom.
	 */
	static <T> Mono<Map<UUID, T>> oneByOne(List<UUID> ids, Function<UUID, Mono<Optional<Versioned<T>>>> find,
			Function<T, UUID> id) {
		return Flux.fromIterable(ids).concatMap(find).flatMap(Mono::justOrEmpty).map(Versioned::value).collectMap(id);
	}

	/**
	 * The value of query parameter {@code name} among {@code values} by name, if given; a
	 * violation if it names none.
	 */
	static <E extends Enum<E>> Optional<E> oneOf(MultiValueMap<String, String> query, String name, E[] values,
			List<Violation> violations) {
		String given = query.getFirst(name);
		if (given == null) {
			return Optional.empty();
		}
		Optional<E> found = Arrays.stream(values).filter((value) -> value.name().equals(given)).findFirst();
		if (found.isEmpty()) {
			violations.add(new Violation(name, "must be one of " + Arrays.toString(values)));
		}
		return found;
	}

}
