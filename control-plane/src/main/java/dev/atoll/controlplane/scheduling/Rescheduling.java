package dev.atoll.controlplane.scheduling;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.atoll.api.Phase;
import dev.atoll.controlplane.system.Jdbc;
import reactor.core.publisher.Mono;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What happens to instances whose node went Offline (and is not in Maintenance, where
 * downtime is expected). A QEMU instance can run anywhere: it is taken off the node (next
 * generation, Pending) and the placement pass puts it elsewhere; if the node comes back,
 * its heartbeat answer no longer lists the instance, so its agent stops the old copy. A
 * board instance (node label {@code backend} other than {@code qemu}) is tied to its
 * hardware: it is marked Lost and stays, until its node reports it again. Rows are locked
 * with {@code SKIP LOCKED} first, so replicas never wait on each other or deadlock. The
 * database records the events (trigger {@code instances_events}).
 */
@Repository
class Rescheduling {

	/**
	 * When node {@code n} fell silent, as far as a watching control plane can tell: its
	 * last heartbeat, or the end of the last gap in the control plane's own watch, if
	 * later.
	 */
	static final String SILENT_SINCE = "greatest(n.last_heartbeat, (select watched_since from scheduler_watch))";

	/** Instances on offline nodes that are not in maintenance; needs :seconds. */
	private static final String STRANDED = """
			select i.id from instances i join nodes n on n.id = i.node_id
			where not i.deleting and %s < now() - make_interval(secs => :seconds)
			  and n.admin_state <> 'Maintenance'
			""".formatted(SILENT_SINCE);

	private static final String QEMU = "coalesce(n.labels ->> 'backend', 'qemu') = 'qemu'";

	private final JdbcClient sql;

	private final Jdbc jdbc;

	Rescheduling(JdbcClient sql, Jdbc jdbc) {
		this.sql = sql;
		this.jdbc = jdbc;
	}

	/**
	 * Records a scheduler pass. After a gap longer than {@code gap} since the previous
	 * one (no control plane ran: all were down), the watch starts anew now, and every
	 * node's silence with it. Answers whether a gap ended.
	 */
	Mono<Boolean> recordPass(Duration gap) {
		return this.jdbc.call(() -> this.sql.sql("""
				insert into scheduler_watch as w (id, last_pass, watched_since) values (1, now(), '-infinity')
				on conflict (id) do update set
				    watched_since = case when w.last_pass < now() - make_interval(secs => :gap) then now()
				                         else w.watched_since end,
				    last_pass = now()
				returning watched_since = now() as resumed
				""").param("gap", gap.toMillis() / 1000.0).query(Boolean.class).single());
	}

	/** Unplaces the QEMU instances of offline nodes; answers how many. */
	Mono<Integer> unplaceFromOfflineNodes(Duration offlineAfter) {
		return this.jdbc.inTransaction(() -> {
			List<UUID> stranded = lock(STRANDED + " and " + QEMU, offlineAfter);
			if (stranded.isEmpty()) {
				return 0;
			}
			this.sql.sql("""
					update instances set node_id = null, generation = generation + 1, phase = :phase,
					       message = :message, console_tail = '[]', tasks = '[]', endpoints = '[]', telemetry_at = null,
					       updated_at = now()
					where id in (:ids)
					""")
				.param("phase", Phase.Pending.name())
				.param("message", "its node went offline; waiting for placement elsewhere")
				.param("ids", stranded)
				.update();
			return stranded.size();
		});
	}

	/** Marks the board instances of offline nodes Lost; answers how many. */
	Mono<Integer> markBoardInstancesLost(Duration offlineAfter) {
		return this.jdbc.inTransaction(() -> {
			List<UUID> stranded = lock(STRANDED + " and not " + QEMU + " and i.phase <> 'Lost'", offlineAfter);
			if (stranded.isEmpty()) {
				return 0;
			}
			this.sql
				.sql("update instances set phase = :phase, message = :message, updated_at = now() where id in (:ids)")
				.param("phase", Phase.Lost.name())
				.param("message", "its node went offline; a board instance cannot move")
				.param("ids", stranded)
				.update();
			return stranded.size();
		});
	}

	private List<UUID> lock(String query, Duration offlineAfter) {
		return this.sql.sql(query + " order by i.id for update of i skip locked")
			.param("seconds", offlineAfter.toMillis() / 1000.0)
			.query(UUID.class)
			.list();
	}

}
