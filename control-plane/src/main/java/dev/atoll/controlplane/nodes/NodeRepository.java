package dev.atoll.controlplane.nodes;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.atoll.api.NodeAdminState;
import dev.atoll.api.NodeConnectivity;
import dev.atoll.api.NodeRegistration;
import dev.atoll.api.NodeView;
import dev.atoll.controlplane.system.Jdbc;
import dev.atoll.controlplane.system.Labels;
import dev.atoll.controlplane.system.LabelSelector;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code nodes} table. Times come from the database clock, shared by all replicas.
 * Usage is read from {@code instances} (read only; the instances feature owns that
 * table).
 */
@Repository
class NodeRepository {

	/**
	 * Online, Disconnected or Offline by the database clock; needs :disconnected,
	 * :offline.
	 */
	private static final String CONNECTIVITY = """
			case when n.last_heartbeat >= now() - make_interval(secs => :disconnected) then 'Online'
			     when n.last_heartbeat >= now() - make_interval(secs => :offline) then 'Disconnected'
			     else 'Offline' end""";

	/**
	 * Nodes with usage: every instance on them counts, including ones being deleted,
	 * which run until the node confirms.
	 */
	private static final String VIEW = """
			select n.id, n.name, n.architecture, n.memory_mb, n.instance_slots, n.labels, n.metrics_url,
			       n.registered_at, n.last_heartbeat, n.admin_state, %s as connectivity,
			       (select count(*) from instances i where i.node_id = n.id) as instances_used,
			       (select coalesce(sum(i.memory_mb), 0) from instances i where i.node_id = n.id) as memory_used_mb
			from nodes n""".formatted(CONNECTIVITY);

	private final JdbcClient sql;

	private final Jdbc jdbc;

	private final JsonMapper json;

	NodeRepository(JdbcClient sql, Jdbc jdbc, JsonMapper json) {
		this.sql = sql;
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * Inserts the node, or updates the node of that name with a new token and capacity.
	 * @return the node's id, new or kept
	 */
	Mono<UUID> register(NodeRegistration registration, byte[] tokenHash) {
		Map<String, String> labels = (registration.labels() != null) ? registration.labels() : Map.of();
		return this.jdbc.call(() -> this.sql.sql("""
				insert into nodes (id, name, architecture, memory_mb, instance_slots, labels, metrics_url,
				                   token_hash, registered_at, last_heartbeat)
				values (:id, :name, :architecture, :memoryMb, :slots, cast(:labels as jsonb), :metricsUrl,
				        :tokenHash, now(), now())
				on conflict (name) do update set
				    architecture = excluded.architecture, memory_mb = excluded.memory_mb,
				    instance_slots = excluded.instance_slots, labels = excluded.labels,
				    metrics_url = excluded.metrics_url, token_hash = excluded.token_hash,
				    registered_at = excluded.registered_at, last_heartbeat = excluded.last_heartbeat
				returning id
				""")
			.param("id", UUID.randomUUID())
			.param("name", registration.name())
			.param("architecture", registration.architecture())
			.param("memoryMb", registration.memoryMb())
			.param("slots", registration.instanceSlots())
			.param("labels", this.json.writeValueAsString(labels))
			.param("metricsUrl", registration.metricsUrl())
			.param("tokenHash", tokenHash)
			.query(UUID.class)
			.single());
	}

	/** Sets the node's admin state; false when the node is unknown. */
	Mono<Boolean> setAdminState(UUID nodeId, NodeAdminState state) {
		return this.jdbc.call(() -> this.sql.sql("update nodes set admin_state = :state where id = :id")
			.param("state", state.name())
			.param("id", nodeId)
			.update() == 1);
	}

	/** The stored token hash; empty when the node is unknown. */
	Mono<Optional<byte[]>> tokenHash(UUID nodeId) {
		return this.jdbc.call(() -> this.sql.sql("select token_hash from nodes where id = :id")
			.param("id", nodeId)
			.query(byte[].class)
			.optional());
	}

	/** Records a heartbeat now; false when the node is unknown. */
	Mono<Boolean> touch(UUID nodeId) {
		return this.jdbc.call(() -> this.sql.sql("update nodes set last_heartbeat = now() where id = :id")
			.param("id", nodeId)
			.update() == 1);
	}

	/** Whether the node exists and sent a heartbeat within {@code window}. */
	Mono<Boolean> heardFromWithin(UUID nodeId, Duration window) {
		return this.jdbc.call(() -> this.sql.sql("""
				select exists (select 1 from nodes
				               where id = :id and last_heartbeat >= now() - make_interval(secs => :seconds))
				""").param("id", nodeId).param("seconds", window.toMillis() / 1000.0).query(Boolean.class).single());
	}

	/**
	 * The nodes the selector selects, with their usage and connectivity, by name: those
	 * named after {@code afterName} (when given), at most {@code limit} (when given).
	 */
	Mono<List<NodeView>> list(Duration disconnectedAfter, Duration offlineAfter, LabelSelector selector,
			Optional<String> afterName, Optional<Integer> limit) {
		Map<String, Object> params = new HashMap<>();
		params.put("disconnected", seconds(disconnectedAfter));
		params.put("offline", seconds(offlineAfter));
		StringBuilder where = new StringBuilder(" where true");
		afterName.ifPresent((name) -> {
			where.append(" and n.name > :afterName");
			params.put("afterName", name);
		});
		where.append(selector.sql("n.labels", params, this.json));
		String page = limit.map((rows) -> " limit " + rows).orElse("");
		return this.jdbc
			.call(() -> this.sql.sql(VIEW + where + " order by n.name" + page).params(params).query(this::view).list());
	}

	/** One node with its usage and connectivity; empty when unknown. */
	Mono<Optional<NodeView>> find(UUID nodeId, Duration disconnectedAfter, Duration offlineAfter) {
		return this.jdbc.call(() -> this.sql.sql(VIEW + " where n.id = :id")
			.param("id", nodeId)
			.param("disconnected", seconds(disconnectedAfter))
			.param("offline", seconds(offlineAfter))
			.query(this::view)
			.optional());
	}

	/** How many nodes are in each connectivity state (every state present, maybe 0). */
	Mono<Map<NodeConnectivity, Long>> countByConnectivity(Duration disconnectedAfter, Duration offlineAfter) {
		return this.jdbc.call(() -> {
			Map<NodeConnectivity, Long> counts = new EnumMap<>(NodeConnectivity.class);
			for (NodeConnectivity state : NodeConnectivity.values()) {
				counts.put(state, 0L);
			}
			this.sql.sql("select " + CONNECTIVITY + " as connectivity, count(*) as n from nodes n group by 1")
				.param("disconnected", seconds(disconnectedAfter))
				.param("offline", seconds(offlineAfter))
				.query((rs, row) -> counts.put(NodeConnectivity.valueOf(rs.getString("connectivity")), rs.getLong("n")))
				.list();
			return counts;
		});
	}

	private NodeView view(ResultSet rs, int row) throws SQLException {
		return new NodeView(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("architecture"),
				rs.getInt("memory_mb"), rs.getInt("instance_slots"),
				this.json.readValue(rs.getString("labels"), Labels.JSON), rs.getString("metrics_url"),
				NodeConnectivity.valueOf(rs.getString("connectivity")), rs.getInt("instances_used"),
				rs.getLong("memory_used_mb"), instant(rs, "registered_at"), instant(rs, "last_heartbeat"),
				NodeAdminState.valueOf(rs.getString("admin_state")));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

}
