package dev.atoll.controlplane.instances;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.atoll.api.DesiredInstance;
import dev.atoll.api.InstanceReport;
import dev.atoll.api.InstanceView;
import dev.atoll.api.Phase;
import dev.atoll.api.TaskList;
import dev.atoll.api.TaskReport;
import dev.atoll.controlplane.system.Jdbc;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code instances} table: desired state, placement and last observed state. */
@Repository
class InstanceRepository {

	private static final String VIEW_COLUMNS = """
			id, name, system, image, memory_mb, node_id, phase, message, console_tail, created_at, updated_at,
			deleting""";

	private static final TypeReference<List<String>> LINES = new TypeReference<>() {
	};

	private static final TypeReference<List<TaskReport>> TASKS = new TypeReference<>() {
	};

	private final JdbcClient sql;

	private final Jdbc jdbc;

	private final JsonMapper json;

	InstanceRepository(JdbcClient sql, Jdbc jdbc, JsonMapper json) {
		this.sql = sql;
		this.jdbc = jdbc;
		this.json = json;
	}

	/** Stores a new, unplaced instance; empty when the name is taken. */
	Mono<Optional<InstanceView>> insert(String name, String system, String image, int memoryMb) {
		return this.jdbc.call(() -> {
			try {
				return Optional.of(this.sql.sql("""
						insert into instances (id, name, system, image, memory_mb, message, created_at, updated_at)
						values (:id, :name, :system, :image, :memoryMb, :message, now(), now())
						returning\s""" + VIEW_COLUMNS)
					.param("id", UUID.randomUUID())
					.param("name", name)
					.param("system", system)
					.param("image", image)
					.param("memoryMb", memoryMb)
					.param("message", PlacementMessages.WAITING)
					.query(this::view)
					.single());
			}
			catch (DuplicateKeyException nameTaken) {
				return Optional.empty();
			}
		});
	}

	Mono<List<InstanceView>> list() {
		return this.jdbc.call(() -> this.sql.sql("select " + VIEW_COLUMNS + " from instances order by created_at, id")
			.query(this::view)
			.list());
	}

	Mono<Optional<InstanceView>> find(UUID id) {
		return this.jdbc.call(() -> this.sql.sql("select " + VIEW_COLUMNS + " from instances where id = :id")
			.param("id", id)
			.query(this::view)
			.optional());
	}

	Mono<Optional<TaskList>> tasks(UUID id) {
		return this.jdbc.call(() -> this.sql.sql("select id, telemetry_at, tasks from instances where id = :id")
			.param("id", id)
			.query((rs, row) -> new TaskList(rs.getObject("id", UUID.class), instant(rs, "telemetry_at"),
					this.json.readValue(rs.getString("tasks"), TASKS)))
			.optional());
	}

	/**
	 * Accepts a delete. The row is purged at once when the instance was never placed, or
	 * when it is still on {@code checkedNode} and that node is offline; otherwise it is
	 * marked deleting until its node stops it.
	 * @return the instance as it was, with {@code deleting} set; empty when absent
	 */
	Mono<Optional<InstanceView>> delete(UUID id, UUID checkedNode, boolean checkedNodeOnline) {
		return this.jdbc.inTransaction(() -> {
			Optional<InstanceView> current = this.sql
				.sql("select " + VIEW_COLUMNS + " from instances where id = :id for update")
				.param("id", id)
				.query(this::view)
				.optional();
			if (current.isEmpty()) {
				return Optional.<InstanceView>empty();
			}
			InstanceView view = current.get();
			boolean purge = view.nodeId() == null || (view.nodeId().equals(checkedNode) && !checkedNodeOnline);
			if (purge) {
				this.sql.sql("delete from instances where id = :id").param("id", id).update();
				return Optional.of(deleting(view));
			}
			return this.sql.sql("""
					update instances set deleting = true, generation = generation + case when deleting then 0 else 1 end
					where id = :id returning\s""" + VIEW_COLUMNS).param("id", id).query(this::view).optional();
		});
	}

	/**
	 * The node's full desired state, after purging the deletions it has finished (marked
	 * deleting and no longer reported running).
	 */
	Mono<List<DesiredInstance>> assignments(UUID nodeId, List<UUID> running) {
		String runningArray = running.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}"));
		return this.jdbc.inTransaction(() -> {
			this.sql.sql("""
					delete from instances
					where node_id = :node and deleting and not (id = any (cast(:running as uuid[])))
					""").param("node", nodeId).param("running", runningArray).update();
			return this.sql.sql("""
					select id, name, system, image, memory_mb, generation from instances
					where node_id = :node and not deleting order by created_at, id
					""")
				.param("node", nodeId)
				.query((rs, row) -> new DesiredInstance(rs.getObject("id", UUID.class), rs.getString("name"),
						rs.getString("system"), rs.getString("image"), rs.getInt("memory_mb"),
						rs.getLong("generation")))
				.list();
		});
	}

	/** Stores what the node observed; false when the instance is not assigned to it. */
	Mono<Boolean> report(UUID nodeId, UUID instanceId, InstanceReport report) {
		return this.jdbc.call(() -> this.sql.sql("""
				update instances set phase = :phase, message = :message, console_tail = cast(:console as jsonb),
				       tasks = cast(:tasks as jsonb), telemetry_at = :telemetryAt,
				       reported_generation = :generation, updated_at = now()
				where id = :id and node_id = :node
				""")
			.param("phase", report.phase().name())
			.param("message", (report.message() != null) ? report.message() : "")
			.param("console",
					this.json.writeValueAsString((report.consoleTail() != null) ? report.consoleTail() : List.of()))
			.param("tasks", this.json.writeValueAsString((report.tasks() != null) ? report.tasks() : List.of()))
			.param("telemetryAt",
					(report.telemetryAt() != null) ? OffsetDateTime.ofInstant(report.telemetryAt(), ZoneOffset.UTC)
							: null,
					Types.TIMESTAMP_WITH_TIMEZONE)
			.param("generation", report.generation())
			.param("id", instanceId)
			.param("node", nodeId)
			.update() == 1);
	}

	/**
	 * Instances by phase (every phase present, maybe 0) and the placement queue length.
	 */
	Mono<InstanceCounts> counts() {
		return this.jdbc.inTransaction(() -> {
			Map<Phase, Long> byPhase = new EnumMap<>(Phase.class);
			this.sql.sql("select phase, count(*) as n from instances group by phase")
				.query((rs, row) -> byPhase.put(Phase.valueOf(rs.getString("phase")), rs.getLong("n")))
				.list();
			long pending = this.sql.sql("select count(*) from instances where node_id is null and not deleting")
				.query(Long.class)
				.single();
			return new InstanceCounts(byPhase, pending);
		});
	}

	/**
	 * Instance counts for the gauges.
	 *
	 * @param byPhase instances by observed phase
	 * @param pending instances waiting for placement
	 */
	record InstanceCounts(Map<Phase, Long> byPhase, long pending) {
	}

	private InstanceView view(ResultSet rs, int row) throws SQLException {
		return new InstanceView(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("system"),
				rs.getString("image"), rs.getInt("memory_mb"), rs.getObject("node_id", UUID.class),
				Phase.valueOf(rs.getString("phase")), rs.getString("message"),
				this.json.readValue(rs.getString("console_tail"), LINES), instant(rs, "created_at"),
				instant(rs, "updated_at"), rs.getBoolean("deleting"));
	}

	private static InstanceView deleting(InstanceView view) {
		return new InstanceView(view.id(), view.name(), view.system(), view.image(), view.memoryMb(), view.nodeId(),
				view.phase(), view.message(), view.consoleTail(), view.createdAt(), view.updatedAt(), true);
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

}
