package dev.atoll.controlplane.nodes;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.atoll.api.NodeRegistration;
import dev.atoll.controlplane.system.Jdbc;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code nodes} table. Times come from the database clock, shared by all replicas.
 */
@Repository
class NodeRepository {

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

	/** Whether the node exists and sent a heartbeat within {@code offlineAfter}. */
	Mono<Boolean> isOnline(UUID nodeId, Duration offlineAfter) {
		return this.jdbc.call(() -> this.sql.sql("""
				select exists (select 1 from nodes
				               where id = :id and last_heartbeat >= now() - make_interval(secs => :seconds))
				""")
			.param("id", nodeId)
			.param("seconds", offlineAfter.toMillis() / 1000.0)
			.query(Boolean.class)
			.single());
	}

}
