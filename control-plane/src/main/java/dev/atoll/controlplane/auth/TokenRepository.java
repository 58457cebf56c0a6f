package dev.atoll.controlplane.auth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.atoll.api.Role;
import dev.atoll.api.TokenView;
import dev.atoll.controlplane.system.Jdbc;
import reactor.core.publisher.Mono;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code api_tokens} table: names, roles and SHA-256 hashes, never a secret. */
@Repository
class TokenRepository {

	private static final String COLUMNS = "id, name, role, created_at, expires_at, last_used_at";

	private final JdbcClient sql;

	private final Jdbc jdbc;

	TokenRepository(JdbcClient sql, Jdbc jdbc) {
		this.sql = sql;
		this.jdbc = jdbc;
	}

	/** Stores a token; empty when the name is taken. */
	Mono<Optional<TokenView>> create(String name, Role role, byte[] tokenHash, Instant expiresAt) {
		return this.jdbc.call(() -> this.sql.sql("""
				insert into api_tokens (id, name, role, token_hash, expires_at)
				values (:id, :name, :role, :hash, :expiresAt)
				on conflict (name) do nothing
				returning\s""" + COLUMNS)
			.param("id", UUID.randomUUID())
			.param("name", name)
			.param("role", role.name())
			.param("hash", tokenHash)
			.param("expiresAt", (expiresAt != null) ? OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC) : null,
					Types.TIMESTAMP_WITH_TIMEZONE)
			.query(TokenRepository::view)
			.optional());
	}

	/**
	 * Stores the first admin token, unless an admin token exists already (or a concurrent
	 * start stored one under the same name).
	 * @return whether it was stored
	 */
	Mono<Boolean> createFirstAdmin(String name, byte[] tokenHash) {
		return this.jdbc.call(() -> this.sql.sql("""
				insert into api_tokens (id, name, role, token_hash)
				select :id, :name, 'admin', :hash where not exists (select 1 from api_tokens where role = 'admin')
				on conflict (name) do nothing
				""").param("id", UUID.randomUUID()).param("name", name).param("hash", tokenHash).update() == 1);
	}

	/** Whether any admin token is stored. */
	Mono<Boolean> anyAdmin() {
		return this.jdbc.call(() -> this.sql.sql("select exists (select 1 from api_tokens where role = 'admin')")
			.query(Boolean.class)
			.single());
	}

	/** Every token, by name. */
	Mono<List<TokenView>> list() {
		return this.jdbc.call(() -> this.sql.sql("select " + COLUMNS + " from api_tokens order by name")
			.query(TokenRepository::view)
			.list());
	}

	/** Deletes the token; false when there is none with that id. */
	Mono<Boolean> revoke(UUID id) {
		return this.jdbc
			.call(() -> this.sql.sql("delete from api_tokens where id = :id").param("id", id).update() == 1);
	}

	/**
	 * The token with that hash, and whether it has expired by the database clock; empty
	 * when unknown or revoked. Records the use when the last recorded one is a minute old
	 * or more (in the same statement, so that a busy token costs no extra write).
	 */
	Mono<Optional<StoredToken>> use(byte[] tokenHash) {
		return this.jdbc.call(() -> this.sql.sql("""
				with token as (
				    select id, name, role, expires_at, coalesce(expires_at <= now(), false) as expired,
				           last_used_at is null or last_used_at < now() - interval '1 minute' as stale
				    from api_tokens where token_hash = :hash),
				touched as (
				    update api_tokens t set last_used_at = now() from token
				    where t.id = token.id and token.stale and not token.expired)
				select id, name, role, expires_at, expired from token
				""")
			.param("hash", tokenHash)
			.query((row, n) -> new StoredToken(row.getObject("id", UUID.class), row.getString("name"),
					Role.valueOf(row.getString("role")), instant(row, "expires_at"), row.getBoolean("expired")))
			.optional());
	}

	/**
	 * A token as authentication reads it.
	 *
	 * @param id its id
	 * @param name its name
	 * @param role its role
	 * @param expiresAt when it expires, or null
	 * @param expired whether that time has passed
	 */
	record StoredToken(UUID id, String name, Role role, Instant expiresAt, boolean expired) {
	}

	private static TokenView view(ResultSet row, int rowNum) throws SQLException {
		return new TokenView(row.getObject("id", UUID.class), row.getString("name"),
				Role.valueOf(row.getString("role")), instant(row, "created_at"), instant(row, "expires_at"),
				instant(row, "last_used_at"));
	}

	private static Instant instant(ResultSet row, String column) throws SQLException {
		OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

}
