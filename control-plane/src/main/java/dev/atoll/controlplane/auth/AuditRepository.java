package dev.atoll.controlplane.auth;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import dev.atoll.api.AuditEntry;
import dev.atoll.api.Role;
import dev.atoll.controlplane.system.Caller;
import dev.atoll.controlplane.system.Jdbc;
import reactor.core.publisher.Mono;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code audit_log} table: who changed what, when; rows are never updated. */
@Repository
class AuditRepository {

	private final JdbcClient sql;

	private final Jdbc jdbc;

	AuditRepository(JdbcClient sql, Jdbc jdbc) {
		this.sql = sql;
		this.jdbc = jdbc;
	}

	/** Appends one mutation. */
	Mono<Void> record(Caller caller, String method, String path, int status) {
		return this.jdbc
			.call(() -> this.sql
				.sql("""
						insert into audit_log (actor, role, method, path, status) values (:actor, :role, :method, :path, :status)
						""")
				.param("actor", caller.name())
				.param("role", caller.role().name())
				.param("method", method)
				.param("path", path)
				.param("status", status)
				.update())
			.then();
	}

	/**
	 * Up to {@code limit} entries older than {@code beforeId} (or the newest), newest
	 * first.
	 */
	Mono<List<AuditEntry>> page(Optional<Long> beforeId, int limit) {
		return this.jdbc.call(() -> this.sql.sql("""
				select id, at, actor, role, method, path, status from audit_log
				where id < :before order by id desc limit :limit
				""")
			.param("before", beforeId.orElse(Long.MAX_VALUE))
			.param("limit", limit)
			.query((row, n) -> new AuditEntry(row.getLong("id"), row.getObject("at", OffsetDateTime.class).toInstant(),
					row.getString("actor"), Role.valueOf(row.getString("role")), row.getString("method"),
					row.getString("path"), row.getInt("status")))
			.list());
	}

}
