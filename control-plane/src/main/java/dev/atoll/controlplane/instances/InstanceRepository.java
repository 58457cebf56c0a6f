package dev.atoll.controlplane.instances;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.LongPredicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.atoll.api.ConditionType;
import dev.atoll.api.CreateInstanceRequest;
import dev.atoll.api.DesiredInstance;
import dev.atoll.api.EndpointList;
import dev.atoll.api.EndpointReport;
import dev.atoll.api.InstanceCondition;
import dev.atoll.api.InstanceEvent;
import dev.atoll.api.InstanceHistory;
import dev.atoll.api.InstanceReport;
import dev.atoll.api.InstanceView;
import dev.atoll.api.Phase;
import dev.atoll.api.SystemSpec;
import dev.atoll.api.TaskList;
import dev.atoll.api.TaskReport;
import dev.atoll.api.TelemetrySample;
import dev.atoll.controlplane.system.IdempotencyKeys;
import dev.atoll.controlplane.system.Jdbc;
import dev.atoll.controlplane.system.LabelSelector;
import dev.atoll.controlplane.system.Labels;
import dev.atoll.controlplane.system.Versioned;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code instances} table: desired state, placement and last observed state. */
@Repository
class InstanceRepository {

	private static final String VIEW_COLUMNS = """
			id, name, system, image, memory_mb, node_id, phase, message, console_tail, created_at, updated_at,
			deleting, version, labels, node_selector, boot_count, system_revision, image_version, conditions, generation,
			observed_generation""";

	private static final String IDEMPOTENCY_SCOPE = "instances";

	private static final TypeReference<List<String>> LINES = new TypeReference<>() {
	};

	private static final TypeReference<List<TaskReport>> TASKS = new TypeReference<>() {
	};

	private static final TypeReference<List<EndpointReport>> ENDPOINTS = new TypeReference<>() {
	};

	private static final TypeReference<List<InstanceCondition>> CONDITIONS = new TypeReference<>() {
	};

	private final JdbcClient sql;

	private final Jdbc jdbc;

	private final JsonMapper json;

	private final IdempotencyKeys keys;

	private final HistoryProperties history;

	InstanceRepository(JdbcClient sql, Jdbc jdbc, JsonMapper json, IdempotencyKeys keys, HistoryProperties history) {
		this.sql = sql;
		this.jdbc = jdbc;
		this.json = json;
		this.keys = keys;
		this.history = history;
	}

	/** Stores a new, unplaced instance; empty when the name is taken. */
	Mono<Optional<Versioned<InstanceView>>> insert(CreateInstanceRequest request) {
		return this.jdbc.call(() -> insertRow(request));
	}

	/**
	 * The one INSERT of an instance row, inside the caller's transaction; empty when the
	 * name is taken.
	 */
	private Optional<Versioned<InstanceView>> insertRow(CreateInstanceRequest request) {
		return this.sql.sql("""
				insert into instances (id, name, system, image, memory_mb, labels, node_selector, system_revision,
				                       image_version, message, created_at, updated_at)
				values (:id, :name, :system, :image, :memoryMb, cast(:labels as jsonb), cast(:nodeSelector as jsonb),
				        :systemRevision, :imageVersion, :message, now(), now())
				on conflict (name) do nothing
				returning\s""" + VIEW_COLUMNS)
			.param("id", UUID.randomUUID())
			.param("name", request.name())
			.param("system", request.system())
			.param("image", request.image())
			.param("memoryMb", InstanceRules.memoryMb(request))
			.param("labels", this.json.writeValueAsString(InstanceRules.labels(request)))
			.param("nodeSelector", this.json.writeValueAsString(InstanceRules.nodeSelector(request)))
			.param("systemRevision", request.systemRevision(), Types.INTEGER)
			.param("imageVersion", request.imageVersion(), Types.VARCHAR)
			.param("message", PlacementMessages.WAITING)
			.query(this::stored)
			.optional();
	}

	/**
	 * Creates the instance once per idempotency key (see {@link IdempotencyKeys}), in one
	 * transaction; NotCreated when the name is taken.
	 */
	Mono<IdempotencyKeys.Keyed<InstanceView>> insertOnce(String key, byte[] requestHash,
			CreateInstanceRequest request) {
		return this.jdbc.inTransaction(() -> this.keys.once(IDEMPOTENCY_SCOPE, key, requestHash, InstanceView.class,
				() -> insertRow(request)));
	}

	/** Every instance the selector selects, oldest first. */
	Mono<List<InstanceView>> list(LabelSelector selector) {
		return page(selector, Optional.empty(), Integer.MAX_VALUE);
	}

	/**
	 * Up to {@code limit} instances the selector selects after the cursor (or from the
	 * first), oldest first.
	 */
	Mono<List<InstanceView>> page(LabelSelector selector, Optional<InstanceCursor> after, int limit) {
		return this.jdbc.call(() -> {
			Map<String, Object> params = new HashMap<>();
			StringBuilder where = new StringBuilder(" where true");
			where.append(selector.sql("labels", params, this.json));
			if (after.isPresent()) {
				where.append(" and (created_at, id) > (:createdAt, :id)");
				params.put("createdAt", OffsetDateTime.ofInstant(after.get().createdAt(), ZoneOffset.UTC));
				params.put("id", after.get().id());
			}
			params.put("limit", limit);
			return this.sql
				.sql("select " + VIEW_COLUMNS + " from instances" + where + " order by created_at, id limit :limit")
				.params(params)
				.query(this::view)
				.list();
		});
	}

	/** The system's instances (not being deleted) that the selector selects, by name. */
	Mono<List<InstanceView>> ofSystem(String system, LabelSelector selector) {
		Map<String, Object> params = new HashMap<>();
		params.put("system", system);
		String where = " where system = :system and not deleting" + selector.sql("labels", params, this.json);
		return this.jdbc
			.call(() -> this.sql.sql("select " + VIEW_COLUMNS + " from instances" + where + " order by name")
				.params(params)
				.query(this::view)
				.list());
	}

	/** The instances of those ids that exist, by id: one query for a batch. */
	Mono<Map<UUID, InstanceView>> findAll(Collection<UUID> ids) {
		return this.jdbc.call(() -> this.sql.sql("select " + VIEW_COLUMNS + " from instances where id = any (:ids)")
			.param("ids", ids.toArray(UUID[]::new))
			.query(this::view)
			.list()
			.stream()
			.collect(Collectors.toMap(InstanceView::id, (view) -> view)));
	}

	Mono<Optional<Versioned<InstanceView>>> find(UUID id) {
		return this.jdbc.call(() -> this.sql.sql("select " + VIEW_COLUMNS + " from instances where id = :id")
			.param("id", id)
			.query(this::stored)
			.optional());
	}

	Mono<Optional<TaskList>> tasks(UUID id) {
		return lastReported(id, "tasks",
				(instance, at, json) -> new TaskList(instance, at, this.json.readValue(json, TASKS)));
	}

	/** The endpoints of the last report; empty when the instance does not exist. */
	Mono<Optional<EndpointList>> endpoints(UUID id) {
		return lastReported(id, "endpoints",
				(instance, at, json) -> new EndpointList(instance, at, this.json.readValue(json, ENDPOINTS)));
	}

	/** A view of one JSON column of the last report and its telemetry time. */
	private interface LastReported<T> {

		T view(UUID instanceId, Instant telemetryAt, String json);

	}

	private <T> Mono<Optional<T>> lastReported(UUID id, String column, LastReported<T> view) {
		return this.jdbc.call(
				() -> this.sql.sql("select id, telemetry_at, " + column + " as reported from instances where id = :id")
					.param("id", id)
					.query((rs, row) -> view.view(rs.getObject("id", UUID.class), instant(rs, "telemetry_at"),
							rs.getString("reported")))
					.optional());
	}

	/** The instance's samples, oldest first; empty when the instance does not exist. */
	Mono<Optional<InstanceHistory>> history(UUID id) {
		return ofExisting(id, () -> new InstanceHistory(id, this.history.interval().toSeconds(), this.sql
			.sql("select telemetry_at, tasks, endpoints from instance_samples where instance_id = :id order by at")
			.param("id", id)
			.query((rs, row) -> new TelemetrySample(instant(rs, "telemetry_at"),
					this.json.readValue(rs.getString("tasks"), TASKS),
					this.json.readValue(rs.getString("endpoints"), ENDPOINTS)))
			.list()));
	}

	/** The instance's events, oldest first; empty when the instance does not exist. */
	Mono<Optional<List<InstanceEvent>>> events(UUID id) {
		return ofExisting(id,
				() -> this.sql
					.sql("select at, reason, message from instance_events where instance_id = :id order by id")
					.param("id", id)
					.query((rs, row) -> new InstanceEvent(instant(rs, "at"),
							InstanceEvent.Reason.valueOf(rs.getString("reason")), rs.getString("message")))
					.list());
	}

	/** What {@code read} reads in one transaction, when the instance exists. */
	private <T> Mono<Optional<T>> ofExisting(UUID id, Supplier<T> read) {
		return this.jdbc.inTransaction(() -> {
			boolean exists = this.sql.sql("select exists (select 1 from instances where id = :id)")
				.param("id", id)
				.query(Boolean.class)
				.single();
			return exists ? Optional.of(read.get()) : Optional.<T>empty();
		});
	}

	/**
	 * Accepts a delete. The row is purged at once when the instance was never placed, or
	 * when it is still on {@code checkedNode} and that node is offline; otherwise it is
	 * marked deleting until its node stops it. Nothing happens unless
	 * {@code precondition} accepts the current version, checked under the row lock. The
	 * {@code event}, if any, is recorded when the instance is first marked deleting.
	 * @return the instance as it was, with {@code deleting} set; or the current version
	 * the precondition refused; empty when absent
	 */
	Mono<Optional<ConditionalChange>> delete(UUID id, UUID checkedNode, boolean checkedNodeOnline,
			LongPredicate precondition, Optional<InstanceEvent> event) {
		return this.jdbc.inTransaction(() -> conditionally(id, precondition, (current) -> {
			InstanceView view = current.value();
			boolean purge = view.nodeId() == null || (view.nodeId().equals(checkedNode) && !checkedNodeOnline);
			if (purge) {
				this.sql.sql("delete from instances where id = :id").param("id", id).update();
				return new ConditionalChange(deleting(view), true, current.version());
			}
			if (!view.deleting()) {
				event.ifPresent((recorded) -> this.sql.sql(InstanceStatements.RECORD_EVENT)
					.param("id", id)
					.param("reason", recorded.reason().name())
					.param("message", recorded.message())
					.update());
			}
			Versioned<InstanceView> stored = this.sql.sql("""
					update instances set deleting = true, generation = generation + case when deleting then 0 else 1 end
					where id = :id returning\s""" + VIEW_COLUMNS).param("id", id).query(this::stored).single();
			return new ConditionalChange(stored.value(), true, stored.version());
		}));
	}

	/**
	 * Locks the instance's row and, when {@code precondition} accepts its version, makes
	 * the {@code change}, inside the caller's transaction.
	 * @return the change; or the current version the precondition refused; empty when
	 * absent
	 */
	private Optional<ConditionalChange> conditionally(UUID id, LongPredicate precondition,
			Function<Versioned<InstanceView>, ConditionalChange> change) {
		return this.sql.sql("select " + VIEW_COLUMNS + " from instances where id = :id for update")
			.param("id", id)
			.query(this::stored)
			.optional()
			.map((current) -> precondition.test(current.version()) ? change.apply(current)
					: new ConditionalChange(current.value(), false, current.version()));
	}

	/**
	 * Moves the instance to another revision of its system
	 * ({@link InstanceStatements#CHANGE_REVISION}), in one transaction, when
	 * {@code precondition} accepts its current version, checked under the row lock.
	 * @return the instance after the change (unchanged when it was at that revision
	 * already); or the current version the precondition refused; empty when absent
	 */
	Mono<Optional<ConditionalChange>> changeRevision(UUID id, int revision, LongPredicate precondition) {
		return this.jdbc.inTransaction(() -> conditionally(id, precondition, (current) -> {
			this.sql.sql(InstanceStatements.CHANGE_REVISION)
				.param("id", id)
				.param("revision", revision, Types.INTEGER)
				.param("cause", "changed through the API")
				.query((rs, row) -> rs.getLong("generation"))
				.optional();
			Versioned<InstanceView> after = this.sql.sql("select " + VIEW_COLUMNS + " from instances where id = :id")
				.param("id", id)
				.query(this::stored)
				.single();
			return new ConditionalChange(after.value(), true, after.version());
		}));
	}

	/**
	 * The result of a conditional change (a delete, a revision change).
	 *
	 * @param view the instance after the change ({@code deleting} set by a delete)
	 * @param accepted false when the precondition refused the current version
	 * @param version the version after the change, or the refused current one
	 */
	record ConditionalChange(InstanceView view, boolean accepted, long version) {
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
					select i.id, i.name, i.system, i.image, i.memory_mb, i.generation, i.system_revision, r.spec,
					       i.image_version
					from instances i
					left join system_revisions r on r.system = i.system and r.revision = i.system_revision
					where i.node_id = :node and not i.deleting order by i.created_at, i.id
					""")
				.param("node", nodeId)
				.query((rs, row) -> new DesiredInstance(rs.getObject("id", UUID.class), rs.getString("name"),
						rs.getString("system"), rs.getString("image"), rs.getInt("memory_mb"), rs.getLong("generation"),
						rs.getObject("system_revision", Integer.class),
						(rs.getString("spec") != null) ? this.json.readValue(rs.getString("spec"), SystemSpec.class)
								: null,
						rs.getString("image_version")))
				.list();
		});
	}

	/**
	 * Stores what the node observed; false when the instance is not assigned to it. A
	 * report with a telemetry record not sampled yet adds a sample of its tasks and
	 * endpoints when the instance's last sample is at least the history interval old, and
	 * then deletes the oldest beyond the history's count. Observed state is committed
	 * without waiting for the WAL flush ({@code synchronous_commit = off}): a database
	 * crash may lose the last fraction of a second of reports, which the agents send
	 * again within one report interval, and the commit no longer holds the change log's
	 * lock through an fsync (the fleet benchmark's bottleneck at 10,000 instances).
	 */
	Mono<Boolean> report(UUID nodeId, UUID instanceId, InstanceReport report) {
		return this.jdbc.inTransaction(() -> {
			this.sql.sql("set local synchronous_commit = off").update();
			return storeReport(nodeId, instanceId, report);
		});
	}

	private boolean storeReport(UUID nodeId, UUID instanceId, InstanceReport report) {
		// One statement: the CTEs see the rows as they were before it, so the event is
		// recorded once, when the report first says the configuration was rejected, and
		// the prune keeps samples - 1 old ones beside the one it adds.
		return this.sql.sql("""
				with before as (
				    select conditions from instances where id = :id and node_id = :node
				), updated as (
				    update instances set phase = :phase, message = :message, console_tail = cast(:console as jsonb),
				           tasks = cast(:tasks as jsonb), endpoints = cast(:endpoints as jsonb),
				           telemetry_at = :telemetryAt,
				           observed_generation = :generation, updated_at = now(),
				           conditions = (select coalesce(jsonb_agg(c), '[]') from jsonb_array_elements(conditions) c
				                         where c ->> 'type' = 'Scheduled') || cast(:conditions as jsonb)
				    where id = :id and node_id = :node
				    returning id
				), rejected as (
				    insert into instance_events (instance_id, at, reason, message)
				    select id, now(), 'ConfigRejected', cast(:rejection as text) from updated
				    where cast(:rejection as text) is not null and not exists (
				        select 1 from before, jsonb_array_elements(before.conditions) c
				        where c ->> 'type' = 'SplitApplied' and c ->> 'reason' = :rejectedReason)
				), sampled as (
				    insert into instance_samples (instance_id, at, telemetry_at, tasks, endpoints)
				    select id, now(), :telemetryAt, cast(:tasks as jsonb), cast(:endpoints as jsonb) from updated
				    where :samples > 0 and cast(:telemetryAt as timestamptz) is not null and not exists (
				        select 1 from instance_samples s where s.instance_id = :id
				        and (s.at > now() - cast(:interval as interval) or s.telemetry_at = :telemetryAt))
				    on conflict do nothing
				    returning instance_id
				), pruned as (
				    delete from instance_samples s using sampled
				    where s.instance_id = sampled.instance_id and s.at <= (
				        select at from instance_samples where instance_id = :id order by at desc
				        offset :samples - 1 limit 1)
				)
				select count(*) from updated
				""")
			.param("phase", report.phase().name())
			.param("message", (report.message() != null) ? report.message() : "")
			.param("console",
					this.json.writeValueAsString((report.consoleTail() != null) ? report.consoleTail() : List.of()))
			.param("tasks", this.json.writeValueAsString((report.tasks() != null) ? report.tasks() : List.of()))
			.param("endpoints",
					this.json.writeValueAsString((report.endpoints() != null) ? report.endpoints() : List.of()))
			.param("samples", this.history.samples())
			.param("interval", this.history.interval().toMillis() + " milliseconds")
			.param("telemetryAt",
					(report.telemetryAt() != null) ? OffsetDateTime.ofInstant(report.telemetryAt(), ZoneOffset.UTC)
							: null,
					Types.TIMESTAMP_WITH_TIMEZONE)
			.param("generation", report.generation())
			.param("conditions", this.json.writeValueAsString(agentConditions(report)))
			.param("rejection", rejection(report), Types.VARCHAR)
			.param("rejectedReason", InstanceConditions.CONFIG_REJECTED)
			.param("id", instanceId)
			.param("node", nodeId)
			.query(Long.class)
			.single() == 1;
	}

	/**
	 * The root task's reason when the report says it rejected the boot configuration
	 * (SplitApplied False, ConfigRejected), else null.
	 */
	private static String rejection(InstanceReport report) {
		return agentConditions(report).stream()
			.filter((condition) -> condition.type() == ConditionType.SplitApplied && !condition.status()
					&& InstanceConditions.CONFIG_REJECTED.equals(condition.reason()))
			.map((condition) -> "the root task rejected the boot configuration: " + condition.message())
			.findFirst()
			.orElse(null);
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

	private Versioned<InstanceView> stored(ResultSet rs, int row) throws SQLException {
		return new Versioned<>(view(rs, row), rs.getLong("version"));
	}

	/** The report's conditions but Scheduled, which is the control plane's to set. */
	private static List<InstanceCondition> agentConditions(InstanceReport report) {
		return (report.conditions() != null) ? report.conditions()
			.stream()
			.filter((condition) -> condition.type() != ConditionType.Scheduled)
			.toList() : List.of();
	}

	private InstanceView view(ResultSet rs, int row) throws SQLException {
		long generation = rs.getLong("generation");
		long observed = rs.getLong("observed_generation");
		return new InstanceView(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("system"),
				rs.getString("image"), rs.getInt("memory_mb"), rs.getObject("node_id", UUID.class),
				Phase.valueOf(rs.getString("phase")), rs.getString("message"),
				this.json.readValue(rs.getString("console_tail"), LINES), instant(rs, "created_at"),
				instant(rs, "updated_at"), rs.getBoolean("deleting"),
				this.json.readValue(rs.getString("labels"), Labels.JSON),
				this.json.readValue(rs.getString("node_selector"), Labels.JSON), rs.getInt("boot_count"),
				rs.getObject("system_revision", Integer.class), rs.getString("image_version"), InstanceConditions
					.asOf(this.json.readValue(rs.getString("conditions"), CONDITIONS), generation, observed),
				generation, observed);
	}

	private static InstanceView deleting(InstanceView view) {
		return new InstanceView(view.id(), view.name(), view.system(), view.image(), view.memoryMb(), view.nodeId(),
				view.phase(), view.message(), view.consoleTail(), view.createdAt(), view.updatedAt(), true,
				view.labels(), view.nodeSelector(), view.bootCount(), view.systemRevision(), view.imageVersion(),
				view.conditions(), view.generation(), view.observedGeneration());
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

}
