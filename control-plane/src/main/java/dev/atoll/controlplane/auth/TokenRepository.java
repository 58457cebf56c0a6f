package dev.atoll.controlplane.auth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.atoll.api.Role;
import dev.atoll.api.TokenView;
import dev.atoll.controlplane.system.Caller;
import dev.atoll.controlplane.system.Jdbc;
import reactor.core.publisher.Mono;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code api_tokens} table: names, roles and SHA-256 hashes, never a secret. */
@Repository
class TokenRepository {

	private static final String VIEW = "select id, name, role, created_at from api_tokens";

	private final JdbcClient sql;

	private final Jdbc jdbc;

	TokenRepository(JdbcClient sql, Jdbc jdbc) {
		this.sql = sql;
		this.jdbc = jdbc;
	}

	/** Stores a token; empty when the name is taken. */
	Mono<Optional<TokenView>> create(String name, Role role, byte[] tokenHash) {
		return this.jdbc.call(() -> this.sql.sql("""
				insert into api_tokens (id, name, role, token_hash) values (:id, :name, :role, :hash)
				on conflict (name) do nothing
				returning id, name, role, created_at
				""")
			.param("id", UUID.randomUUID())
			.param("name", name)
			.param("role", role.name())
			.param("hash", tokenHash)
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
		return this.jdbc.call(() -> this.sql.sql(VIEW + " order by name").query(TokenRepository::view).list());
	}

	/** Deletes the token; false when there is none with that id. */
	Mono<Boolean> revoke(UUID id) {
		return this.jdbc
			.call(() -> this.sql.sql("delete from api_tokens where id = :id").param("id", id).update() == 1);
	}

	/** The name and role of the token with that hash; empty when unknown or revoked. */
	Mono<Optional<Caller>> callerOf(byte[] tokenHash) {
		return this.jdbc.call(() -> this.sql.sql("select name, role from api_tokens where token_hash = :hash")
			.param("hash", tokenHash)
			.query((row, n) -> new Caller(row.getString("name"), Role.valueOf(row.getString("role"))))
			.optional());
	}

	private static TokenView view(ResultSet row, int rowNum) throws SQLException {
		return new TokenView(row.getObject("id", UUID.class), row.getString("name"),
				Role.valueOf(row.getString("role")), row.getObject("created_at", OffsetDateTime.class).toInstant());
	}

}
