package dev.atoll.controlplane.exec;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.atoll.api.ExecReport;
import dev.atoll.api.PendingExec;
import dev.atoll.controlplane.system.Jdbc;
import reactor.core.publisher.Mono;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The exec_requests table (V35). */
@Repository
class ExecRepository {

	/** A stored request as the waiting API call reads it. */
	record Stored(String state, String output, Integer exitCode, Long durationMs, String message) {

		boolean finished() {
			return !"Pending".equals(this.state) && !"Running".equals(this.state);
		}

	}

	private final JdbcClient sql;

	private final Jdbc jdbc;

	ExecRepository(JdbcClient sql, Jdbc jdbc) {
		this.sql = sql;
		this.jdbc = jdbc;
	}

	Mono<UUID> insert(UUID id, UUID instanceId, UUID nodeId, int channel, String command, long timeoutMs, Instant now) {
		return this.jdbc.call(() -> {
			this.sql
				.sql("""
						insert into exec_requests (id, instance_id, node_id, channel, command, timeout_ms, state, created_at)
						values (:id, :instance, :node, :channel, :command, :timeout, 'Pending', :now)""")
				.param("id", id)
				.param("instance", instanceId)
				.param("node", nodeId)
				.param("channel", channel)
				.param("command", command)
				.param("timeout", timeoutMs)
				.param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
				.update();
			return id;
		});
	}

	Mono<Optional<Stored>> find(UUID id) {
		return this.jdbc.call(() -> this.sql
			.sql("select state, output, exit_code, duration_ms, message from exec_requests where id = :id")
			.param("id", id)
			.query(ExecRepository::stored)
			.optional());
	}

	/**
	 * The node's pending requests, oldest first, now Running; each with the time it has
	 * left of its timeout (requests already past it are not handed out), never more than
	 * the timeout: the replica that claims may have a clock behind the one that stored.
	 */
	Mono<List<PendingExec>> claim(UUID nodeId, Instant now) {
		return this.jdbc.inTransaction(() -> this.sql
			.sql("""
					update exec_requests set state = 'Running', claimed_at = :now
					where id in (select id from exec_requests
					             where node_id = :node and state = 'Pending'
					               and created_at + timeout_ms * interval '1 millisecond' > :now
					             order by created_at for update skip locked)
					returning id, instance_id, channel, command,
					          least(timeout_ms, (extract(epoch from (created_at + timeout_ms * interval '1 millisecond' - :now)) * 1000)::bigint) as left_ms,
					          created_at""")
			.param("node", nodeId)
			.param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
			.query((rs, row) -> new PendingExec(rs.getObject("id", UUID.class), rs.getObject("instance_id", UUID.class),
					rs.getInt("channel"), rs.getString("command"), Math.max(1, rs.getLong("left_ms"))))
			.list());
	}

	/** Stores the agent's report of a request it claimed; false when there is none. */
	Mono<Boolean> finish(UUID id, UUID nodeId, ExecReport report, Instant now) {
		return this.jdbc.call(() -> this.sql.sql("""
				update exec_requests
				set state = :state, output = :output, exit_code = :exit, duration_ms = :duration, message = :message,
				    finished_at = :now
				where id = :id and node_id = :node and state in ('Pending', 'Running')""")
			.param("id", id)
			.param("node", nodeId)
			.param("state", report.outcome().name())
			.param("output", report.output() == null ? "" : report.output())
			.param("exit", report.exitCode())
			.param("duration", report.durationMs())
			.param("message", report.message())
			.param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
			.update() == 1);
	}

	/** The waiting call gave up: a request still unanswered is TimedOut for good. */
	Mono<Optional<Stored>> expire(UUID id, String message, Instant now) {
		return this.jdbc.inTransaction(() -> {
			this.sql.sql("""
					update exec_requests set state = 'TimedOut', message = :message, finished_at = :now
					where id = :id and state in ('Pending', 'Running')""")
				.param("id", id)
				.param("message", message)
				.param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
				.update();
			return this.sql
				.sql("select state, output, exit_code, duration_ms, message from exec_requests where id = :id")
				.param("id", id)
				.query(ExecRepository::stored)
				.optional();
		});
	}

	private static Stored stored(ResultSet rs, int row) throws SQLException {
		long duration = rs.getLong("duration_ms");
		Long durationMs = rs.wasNull() ? null : duration;
		int exit = rs.getInt("exit_code");
		Integer exitCode = rs.wasNull() ? null : exit;
		return new Stored(rs.getString("state"), rs.getString("output"), exitCode, durationMs, rs.getString("message"));
	}

}
