package dev.atoll.controlplane.system;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import dev.atoll.api.ApiPaths;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code Idempotency-Key} on a POST that creates something (table
 * {@code idempotency_keys}, keyed by scope, the collection, and key): the first request
 * with a key creates and its answer is remembered; the same key with the same request
 * answers that again; with another request it is refused. Concurrent requests with one
 * key create once: the key row is inserted first in the creating transaction, and a
 * second insert of it waits for that transaction, then reads its answer.
 */
@Component
public final class IdempotencyKeys {

	private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

	private final JdbcClient sql;

	private final Jdbc jdbc;

	private final JsonMapper json;

	private final IdempotencyKeyProperties properties;

	IdempotencyKeys(JdbcClient sql, Jdbc jdbc, JsonMapper json, IdempotencyKeyProperties properties) {
		this.sql = sql;
		this.jdbc = jdbc;
		this.json = json;
		this.properties = properties;
	}

	/** A key is 1 to 255 visible ASCII characters. */
	public static List<Violation> check(String key) {
		return KEY.matcher(key).matches() ? List.of()
				: List.of(new Violation(ApiPaths.IDEMPOTENCY_KEY, "must be 1 to 255 visible ASCII characters"));
	}

	/**
	 * SHA-256 of the canonical form of a valid request: two requests meaning the same
	 * thing must have the same canonical form.
	 */
	public static byte[] fingerprint(String canonical) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

	/**
	 * Runs {@code create} once per key of {@code scope}, inside the caller's transaction
	 * (call it from {@link Jdbc#inTransaction}). When {@code create} creates nothing
	 * (answers empty), the key stays unused.
	 */
	public <T> Keyed<T> once(String scope, String key, byte[] requestHash, Class<T> type,
			Supplier<Optional<Versioned<T>>> create) {
		this.sql.sql("delete from idempotency_keys where scope = :scope and key = :key and expires_at < now()")
			.param("scope", scope)
			.param("key", key)
			.update();
		boolean first = this.sql.sql("""
				insert into idempotency_keys (scope, key, request_hash, created_at, expires_at)
				values (:scope, :key, :hash, now(), now() + make_interval(secs => :ttl))
				on conflict (scope, key) do nothing
				""")
			.param("scope", scope)
			.param("key", key)
			.param("hash", requestHash)
			.param("ttl", this.properties.ttl().toSeconds())
			.update() == 1;
		if (!first) {
			return this.sql
				.sql("select request_hash, response, version from idempotency_keys where scope = :scope and key = :key")
				.param("scope", scope)
				.param("key", key)
				.query((rs, row) -> Arrays.equals(rs.getBytes("request_hash"), requestHash)
						? (Keyed<T>) new Keyed.Replayed<>(new Versioned<>(
								this.json.readValue(rs.getString("response"), type), rs.getLong("version")))
						: new Keyed.KeyReused<T>())
				.single();
		}
		Optional<Versioned<T>> created = create.get();
		if (created.isEmpty()) {
			this.sql.sql("delete from idempotency_keys where scope = :scope and key = :key")
				.param("scope", scope)
				.param("key", key)
				.update();
			return new Keyed.NotCreated<>();
		}
		this.sql.sql("""
				update idempotency_keys set response = cast(:response as jsonb), version = :version
				where scope = :scope and key = :key
				""")
			.param("response", this.json.writeValueAsString(created.get().value()))
			.param("version", created.get().version())
			.param("scope", scope)
			.param("key", key)
			.update();
		return new Keyed.Inserted<>(created.get());
	}

	/** Forgets keys past their expiry; answers how many. */
	Mono<Integer> forgetExpired() {
		return this.jdbc.call(() -> this.sql.sql("delete from idempotency_keys where expires_at < now()").update());
	}

	/**
	 * What became of a create with a key.
	 *
	 * @param <T> the wire type of what is created
	 */
	public sealed interface Keyed<T> {

		/**
		 * As an outcome: created or replayed; Unprocessable for a key reused with another
		 * request; {@code notCreated} when the creation did not happen.
		 */
		default Outcome<Created<T>> outcome(String key, Problem notCreated) {
			return switch (this) {
				case Keyed.Inserted<T>(Versioned<T> inserted) -> Outcome.success(new Created<>(inserted, false));
				case Keyed.Replayed<T>(Versioned<T> replayed) -> Outcome.success(new Created<>(replayed, true));
				case Keyed.KeyReused<T> reused -> Outcome.failure(new Problem.Unprocessable("the "
						+ ApiPaths.IDEMPOTENCY_KEY + " '" + key + "' was already used with a different request"));
				case Keyed.NotCreated<T> none -> Outcome.failure(notCreated);
			};
		}

		/** First use of the key: created. */
		record Inserted<T>(Versioned<T> created) implements Keyed<T> {
		}

		/** The key was used before with the same request: the first answer again. */
		record Replayed<T>(Versioned<T> created) implements Keyed<T> {
		}

		/** The key was used before with another request: nothing was done. */
		record KeyReused<T>() implements Keyed<T> {
		}

		/** The creation did not happen (e.g. the name is taken); the key stays unused. */
		record NotCreated<T>() implements Keyed<T> {
		}

	}

}
