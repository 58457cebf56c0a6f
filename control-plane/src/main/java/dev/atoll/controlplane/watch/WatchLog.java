package dev.atoll.controlplane.watch;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import dev.atoll.api.WatchEvent;
import dev.atoll.controlplane.system.Jdbc;
import reactor.core.publisher.Mono;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code watch_events} change log, written by the database's deferred triggers in
 * commit order (see migration V13), and its compaction watermark.
 */
@Repository
class WatchLog {

	private final JdbcClient sql;

	private final Jdbc jdbc;

	WatchLog(JdbcClient sql, Jdbc jdbc) {
		this.sql = sql;
		this.jdbc = jdbc;
	}

	/** The newest version committed (or compacted); a watch from here misses nothing. */
	Mono<Long> head() {
		return this.jdbc.call(() -> this.sql.sql("""
				select greatest((select coalesce(max(resource_version), 0) from watch_events),
				                (select compacted_through from watch_compaction))
				""").query(Long.class).single());
	}

	/** Versions at or below this were compacted away. */
	Mono<Long> compactedThrough() {
		return this.jdbc
			.call(() -> this.sql.sql("select compacted_through from watch_compaction").query(Long.class).single());
	}

	/** Up to {@code limit} entries after {@code version}, oldest first. */
	Mono<List<WatchRecord>> after(long version, int limit) {
		return this.jdbc.call(() -> this.sql.sql("""
				select resource_version, kind, type, id, key, nudge_nodes from watch_events
				where resource_version > :version order by resource_version limit :limit
				""").param("version", version).param("limit", limit).query(WatchLog::record).list());
	}

	/** Deletes entries older than {@code retention}; answers how many. */
	Mono<Integer> compact(Duration retention) {
		return this.jdbc.inTransaction(() -> {
			long through = this.sql.sql("""
					select coalesce(max(resource_version), 0) from watch_events
					where at < now() - make_interval(secs => :seconds)
					""").param("seconds", retention.toMillis() / 1000.0).query(Long.class).single();
			if (through == 0) {
				return 0;
			}
			this.sql.sql("update watch_compaction set compacted_through = greatest(compacted_through, :through)")
				.param("through", through)
				.update();
			return this.sql.sql("delete from watch_events where resource_version <= :through")
				.param("through", through)
				.update();
		});
	}

	private static WatchRecord record(ResultSet rs, int row) throws SQLException {
		Array nodes = rs.getArray("nudge_nodes");
		return new WatchRecord(rs.getLong("resource_version"), rs.getString("kind"),
				WatchEvent.Type.valueOf(rs.getString("type")), rs.getObject("id", UUID.class), rs.getString("key"),
				Arrays.stream((Object[]) nodes.getArray()).map(UUID.class::cast).toList());
	}

}
