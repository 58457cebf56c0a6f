package dev.atoll.controlplane.rollouts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongPredicate;
import java.util.stream.Stream;

import dev.atoll.api.InstanceEvent;
import dev.atoll.api.InstanceView;
import dev.atoll.api.RolloutState;
import dev.atoll.api.RolloutView;
import dev.atoll.api.RolloutView.TargetState;
import dev.atoll.controlplane.instances.InstanceStatements;
import dev.atoll.controlplane.system.IdempotencyKeys;
import dev.atoll.controlplane.system.Jdbc;
import dev.atoll.controlplane.system.Versioned;
import reactor.core.publisher.Mono;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code rollouts} and {@code rollout_targets} tables, and the steps of the state
 * machine. Every step runs in one transaction that holds the rollout's row lock: the
 * reconciler takes it with {@code SKIP LOCKED} (a rollout another replica is stepping is
 * left to it), an operator's pause, resume or abort waits for it. The instance changes a
 * step makes ({@link InstanceStatements#CHANGE_REVISION}) commit or roll back with the
 * step.
 */
@Repository
class RolloutRepository {

	static final String IDEMPOTENCY_SCOPE = "rollouts";

	/** Serializes rollout creation, so that two rollouts never take one instance. */
	private static final long CREATION_LOCK = 7314602;

	private static final String ACTIVE = "('Pending', 'Running', 'Paused', 'RollingBack')";

	private static final String COLUMNS = """
			id, system, to_revision, selector, batch_size, max_unavailable, health_timeout_seconds, state, message,
			version, created_at, updated_at""";

	private final JdbcClient sql;

	private final Jdbc jdbc;

	private final IdempotencyKeys keys;

	RolloutRepository(JdbcClient sql, Jdbc jdbc, IdempotencyKeys keys) {
		this.sql = sql;
		this.jdbc = jdbc;
		this.keys = keys;
	}

	/**
	 * Creates a rollout over {@code instances} (in that order) once per idempotency key
	 * (none: every time); NotCreated, with {@code conflict} set, when one of them is in
	 * another active rollout.
	 */
	Mono<IdempotencyKeys.Keyed<RolloutView>> insert(Optional<String> key, byte[] requestHash, NewRollout rollout,
			List<InstanceView> instances, AtomicReference<String> conflict) {
		return this.jdbc.inTransaction(() -> key.isPresent()
				? this.keys.once(IDEMPOTENCY_SCOPE, key.get(), requestHash, RolloutView.class,
						() -> insertRows(rollout, instances, conflict))
				: insertRows(rollout, instances, conflict).<IdempotencyKeys.Keyed<RolloutView>>map(
						IdempotencyKeys.Keyed.Inserted::new)
					.orElseGet(IdempotencyKeys.Keyed.NotCreated::new));
	}

	private Optional<Versioned<RolloutView>> insertRows(NewRollout rollout, List<InstanceView> instances,
			AtomicReference<String> conflict) {
		this.sql.sql("select 1 from pg_advisory_xact_lock(:lock)")
			.param("lock", CREATION_LOCK)
			.query(Integer.class)
			.single();
		List<UUID> ids = instances.stream().map(InstanceView::id).toList();
		List<String> busy = this.sql.sql("""
				select distinct t.name || ' (rollout ' || r.id || ')' as busy from rollout_targets t
				join rollouts r on r.id = t.rollout_id
				where t.instance_id in (:ids) and r.state in %s
				order by busy limit 5
				""".formatted(ACTIVE)).param("ids", ids).query(String.class).list();
		if (!busy.isEmpty()) {
			conflict.set("instances are in another active rollout: " + String.join(", ", busy)
					+ "; wait for it to end, or abort it");
			return Optional.empty();
		}
		UUID id = UUID.randomUUID();
		this.sql.sql("""
				insert into rollouts (id, system, to_revision, selector, batch_size, max_unavailable,
				                      health_timeout_seconds, created_at, updated_at, message)
				values (:id, :system, :toRevision, :selector, :batchSize, :maxUnavailable, :timeout, now(), now(),
				        'waiting for the reconciler')
				""")
			.param("id", id)
			.param("system", rollout.system())
			.param("toRevision", rollout.toRevision())
			.param("selector", rollout.selector(), Types.VARCHAR)
			.param("batchSize", rollout.batchSize())
			.param("maxUnavailable", rollout.maxUnavailable())
			.param("timeout", rollout.healthTimeoutSeconds())
			.update();
		for (int position = 0; position < instances.size(); position++) {
			InstanceView instance = instances.get(position);
			boolean there = Integer.valueOf(rollout.toRevision()).equals(instance.systemRevision());
			this.sql.sql("""
					insert into rollout_targets (rollout_id, instance_id, name, batch, position, from_revision,
					                             to_revision, state, reason)
					values (:rollout, :instance, :name, :batch, :position, :from, :to, :state, :reason)
					""")
				.param("rollout", id)
				.param("instance", instance.id())
				.param("name", instance.name())
				.param("batch", position / rollout.batchSize())
				.param("position", position)
				.param("from", instance.systemRevision(), Types.INTEGER)
				.param("to", rollout.toRevision())
				.param("state", (there ? TargetState.Skipped : TargetState.Waiting).name())
				.param("reason", there ? "already at revision " + rollout.toRevision() : "")
				.update();
		}
		return read(id);
	}

	/**
	 * What a new rollout stores.
	 *
	 * @param system the system
	 * @param toRevision the revision
	 * @param selector the selector as given, or null
	 * @param batchSize instances per batch
	 * @param maxUnavailable most unavailable at once
	 * @param healthTimeoutSeconds the health gate's timeout
	 */
	record NewRollout(String system, int toRevision, String selector, int batchSize, int maxUnavailable,
			int healthTimeoutSeconds) {
	}

	Mono<Optional<Versioned<RolloutView>>> find(UUID id) {
		return this.jdbc.inTransaction(() -> read(id));
	}

	/**
	 * Up to {@code limit} rollouts, newest first, after the one at {@code after} (created
	 * at, id) when given.
	 */
	Mono<List<RolloutView>> page(Optional<Cursor> after, int limit) {
		return this.jdbc.inTransaction(() -> {
			var statement = this.sql
				.sql("select " + COLUMNS + " from rollouts"
						+ (after.isPresent() ? " where (created_at, id) < (:createdAt, :id)" : "")
						+ " order by created_at desc, id desc limit :limit")
				.param("limit", limit);
			if (after.isPresent()) {
				statement = statement
					.param("createdAt", OffsetDateTime.ofInstant(after.get().createdAt(), ZoneOffset.UTC),
							Types.TIMESTAMP_WITH_TIMEZONE)
					.param("id", after.get().id());
			}
			List<Row> rows = statement.query(this::row).list();
			if (rows.isEmpty()) {
				return List.<RolloutView>of();
			}
			Map<UUID, List<RolloutViews.StoredTarget>> targets = new LinkedHashMap<>();
			rows.forEach((row) -> targets.put(row.id(), new ArrayList<>()));
			this.sql.sql("select * from rollout_targets where rollout_id in (:ids) order by batch, position")
				.param("ids", List.copyOf(targets.keySet()))
				.query((rs, n) -> {
					UUID rollout = rs.getObject("rollout_id", UUID.class);
					targets.get(rollout).add(target(rs));
					return rollout;
				})
				.list();
			return rows.stream().map((row) -> RolloutViews.of(row, targets.get(row.id()))).toList();
		});
	}

	/**
	 * A position in the list, newest first.
	 *
	 * @param createdAt the last rollout's creation time
	 * @param id its id
	 */
	record Cursor(Instant createdAt, UUID id) {
	}

	/** Rollouts not yet in a terminal state, oldest first. */
	Mono<List<UUID>> active() {
		return this.jdbc
			.call(() -> this.sql.sql("select id from rollouts where state in " + ACTIVE + " order by created_at, id")
				.query(UUID.class)
				.list());
	}

	/**
	 * Takes the rollout's next step, unless another transaction holds it (another
	 * replica's step, an operator's action): that one steps it instead.
	 * @return the state before and after, when a step was taken
	 */
	Mono<Optional<Stepped>> step(UUID id) {
		return this.jdbc.inTransaction(() -> {
			Optional<Row> row = this.sql
				.sql("select " + COLUMNS + " from rollouts where id = :id and state in " + ACTIVE
						+ " for update skip locked")
				.param("id", id)
				.query(this::row)
				.optional();
			if (row.isEmpty()) {
				return Optional.<Stepped>empty();
			}
			RolloutPlan plan = RolloutPlan.next(row.get().settings(), observe(id));
			apply(row.get(), plan);
			return Optional.of(new Stepped(row.get().state(), plan.state(), plan.message()));
		});
	}

	/**
	 * A step taken.
	 *
	 * @param before the state before
	 * @param after the state after
	 * @param message the message after
	 */
	record Stepped(RolloutState before, RolloutState after, String message) {
	}

	/**
	 * An operator's action on the rollout, when {@code precondition} accepts its current
	 * version, checked under its row lock.
	 * @return the outcome; empty when there is no such rollout
	 */
	Mono<Optional<Controlled>> control(UUID id, Control action, LongPredicate precondition) {
		return this.jdbc.inTransaction(() -> {
			Optional<Row> row = this.sql.sql("select " + COLUMNS + " from rollouts where id = :id for update")
				.param("id", id)
				.query(this::row)
				.optional();
			if (row.isEmpty()) {
				return Optional.<Controlled>empty();
			}
			if (!precondition.test(row.get().version())) {
				return Optional
					.of(new Controlled(Controlled.Result.Stale, row.get().state(), row.get().version(), null));
			}
			if (!action.from().contains(row.get().state())) {
				return Optional
					.of(new Controlled(Controlled.Result.WrongState, row.get().state(), row.get().version(), null));
			}
			RolloutPlan plan = switch (action) {
				case Pause ->
					new RolloutPlan(RolloutState.Paused, "paused by an operator", List.of(), List.of(), List.of());
				case Resume ->
					new RolloutPlan(RolloutState.Running, "resumed by an operator", List.of(), List.of(), List.of());
				case Abort -> RolloutPlan.rollBack(observe(id), RolloutState.Aborted, "aborted by an operator");
			};
			apply(row.get(), plan);
			Versioned<RolloutView> after = read(id).orElseThrow();
			return Optional.of(new Controlled(Controlled.Result.Done, plan.state(), after.version(), after));
		});
	}

	/**
	 * What became of an operator's action.
	 *
	 * @param result done, refused for a stale version, or for the rollout's state
	 * @param state the rollout's state after
	 * @param version its version after
	 * @param rollout the rollout after, when done
	 */
	record Controlled(Result result, RolloutState state, long version, Versioned<RolloutView> rollout) {

		enum Result {

			Done, Stale, WrongState

		}

	}

	/** Rollouts by state, every state present (maybe 0). */
	Mono<Map<RolloutState, Long>> counts() {
		return this.jdbc.call(() -> {
			Map<RolloutState, Long> counts = new EnumMap<>(RolloutState.class);
			this.sql.sql("select state, count(*) as n from rollouts group by state")
				.query((rs, row) -> counts.put(RolloutState.valueOf(rs.getString("state")), rs.getLong("n")))
				.list();
			return counts;
		});
	}

	/** The rollout's targets and their instances as last reported, in batch order. */
	private List<Observed> observe(UUID id) {
		return this.sql.sql("""
				select t.instance_id, t.name, t.batch, t.from_revision, t.state, t.reason, t.generation,
				       (i.id is not null and not i.deleting) as present,
				       coalesce(i.observed_generation >= i.generation and r.ready, false) as available,
				       coalesce(i.observed_generation >= t.generation and r.ready, false) as healthy,
				       coalesce(t.deadline < now(), false) as expired,
				       i.observed_generation, r.ready, r.reason as ready_reason, r.message as ready_message
				from rollout_targets t
				left join instances i on i.id = t.instance_id
				left join lateral (
				    select (c ->> 'status')::boolean as ready, c ->> 'reason' as reason, c ->> 'message' as message
				    from jsonb_array_elements(coalesce(i.conditions, '[]'::jsonb)) c
				    where c ->> 'type' = 'Ready' limit 1) r on true
				where t.rollout_id = :id
				order by t.batch, t.position
				""").param("id", id).query((rs, row) -> {
			Long observed = rs.getObject("observed_generation", Long.class);
			Boolean ready = rs.getObject("ready", Boolean.class);
			String health = "observedGeneration " + ((observed != null) ? observed : "none") + ", "
					+ ((ready == null) ? "no Ready condition" : "Ready=" + (ready ? "True" : "False")
							+ describe(rs.getString("ready_reason"), rs.getString("ready_message")));
			return new Observed(rs.getObject("instance_id", UUID.class), rs.getString("name"), rs.getInt("batch"),
					rs.getObject("from_revision", Integer.class), TargetState.valueOf(rs.getString("state")),
					rs.getString("reason"), rs.getObject("generation", Long.class), rs.getBoolean("present"),
					rs.getBoolean("available"), rs.getBoolean("healthy"), rs.getBoolean("expired"), health);
		}).list();
	}

	private static String describe(String reason, String message) {
		String text = String.join(": ",
				Stream.of(reason, message).filter((part) -> part != null && !part.isBlank()).toList());
		return text.isEmpty() ? "" : " (" + text + ")";
	}

	/**
	 * Stores a step: target states, instances moved forward and back (each through
	 * {@link InstanceStatements#CHANGE_REVISION}, which records the instance's event),
	 * the rollout's state.
	 */
	private void apply(Row rollout, RolloutPlan plan) {
		for (RolloutPlan.Change change : plan.changes()) {
			setTarget(rollout.id(), change.instanceId(), change.state(), change.reason());
			if (change.healthGateFailed()) {
				this.sql.sql(InstanceStatements.RECORD_EVENT)
					.param("id", change.instanceId())
					.param("reason", InstanceEvent.Reason.HealthGateFailed.name())
					.param("message", "rollout " + rollout.id() + ": " + change.reason())
					.update();
			}
		}
		for (Observed start : plan.starts()) {
			moveForward(rollout, start);
		}
		for (Observed back : plan.rollbacks()) {
			this.sql.sql(InstanceStatements.CHANGE_REVISION)
				.param("id", back.instanceId())
				.param("revision", back.fromRevision(), Types.INTEGER)
				.param("cause", "rollout " + rollout.id() + " moved it back")
				.query((rs, row) -> rs.getLong("generation"))
				.optional();
			setTarget(rollout.id(), back.instanceId(), TargetState.RolledBack,
					RolloutPlan.append(back.reason(), "moved back to revision "
							+ ((back.fromRevision() != null) ? back.fromRevision() : "of the image")));
		}
		boolean changed = !plan.changes().isEmpty() || !plan.starts().isEmpty() || !plan.rollbacks().isEmpty()
				|| plan.state() != rollout.state() || !plan.message().equals(rollout.message());
		if (changed) {
			this.sql.sql("""
					update rollouts set state = :state, message = :message, version = version + 1, updated_at = now()
					where id = :id
					""")
				.param("state", plan.state().name())
				.param("message", plan.message())
				.param("id", rollout.id())
				.update();
		}
	}

	/**
	 * Moves one instance to the rollout's revision and opens its health gate; an instance
	 * already there (changed meanwhile through the API) is gated at its generation; one
	 * that is gone is skipped.
	 */
	private void moveForward(Row rollout, Observed target) {
		Optional<Moved> moved = this.sql.sql(InstanceStatements.CHANGE_REVISION)
			.param("id", target.instanceId())
			.param("revision", rollout.toRevision(), Types.INTEGER)
			.param("cause", "rollout " + rollout.id() + ", batch " + (target.batch() + 1))
			.query((rs, row) -> new Moved(rs.getObject("previous", Integer.class), rs.getLong("generation")))
			.optional();
		if (moved.isEmpty()) {
			moved = this.sql.sql("""
					select system_revision as previous, generation from instances
					where id = :id and not deleting and system_revision = :revision
					""")
				.param("id", target.instanceId())
				.param("revision", rollout.toRevision())
				.query((rs, row) -> new Moved(rs.getObject("previous", Integer.class), rs.getLong("generation")))
				.optional();
		}
		if (moved.isEmpty()) {
			setTarget(rollout.id(), target.instanceId(), TargetState.Skipped, "deleted before its turn");
			return;
		}
		this.sql.sql("""
				update rollout_targets set state = 'Updating', from_revision = :from, generation = :generation,
				       deadline = now() + make_interval(secs => :timeout), reason = :reason
				where rollout_id = :rollout and instance_id = :instance
				""")
			.param("from", moved.get().previous(), Types.INTEGER)
			.param("generation", moved.get().generation())
			.param("timeout", rollout.healthTimeoutSeconds())
			.param("reason",
					"moved to revision " + rollout.toRevision() + "; waiting for Ready at generation "
							+ moved.get().generation())
			.param("rollout", rollout.id())
			.param("instance", target.instanceId())
			.update();
	}

	private record Moved(Integer previous, long generation) {
	}

	private void setTarget(UUID rollout, UUID instance, TargetState state, String reason) {
		this.sql.sql("""
				update rollout_targets set state = :state, reason = :reason,
				       deadline = case when :state = 'Updating' then deadline end
				where rollout_id = :rollout and instance_id = :instance
				""")
			.param("state", state.name())
			.param("reason", reason)
			.param("rollout", rollout)
			.param("instance", instance)
			.update();
	}

	private Optional<Versioned<RolloutView>> read(UUID id) {
		return this.sql.sql("select " + COLUMNS + " from rollouts where id = :id")
			.param("id", id)
			.query(this::row)
			.optional()
			.map((row) -> new Versioned<>(RolloutViews.of(row,
					this.sql.sql("select * from rollout_targets where rollout_id = :id order by batch, position")
						.param("id", id)
						.query((rs, n) -> target(rs))
						.list()),
					row.version()));
	}

	private Row row(ResultSet rs, int row) throws SQLException {
		return new Row(rs.getObject("id", UUID.class), rs.getString("system"), rs.getInt("to_revision"),
				rs.getString("selector"), rs.getInt("batch_size"), rs.getInt("max_unavailable"),
				rs.getInt("health_timeout_seconds"), RolloutState.valueOf(rs.getString("state")),
				rs.getString("message"), rs.getLong("version"), instant(rs, "created_at"), instant(rs, "updated_at"));
	}

	private static RolloutViews.StoredTarget target(ResultSet rs) throws SQLException {
		return new RolloutViews.StoredTarget(rs.getInt("batch"),
				new RolloutView.Target(rs.getObject("instance_id", UUID.class), rs.getString("name"),
						rs.getObject("from_revision", Integer.class), rs.getInt("to_revision"),
						TargetState.valueOf(rs.getString("state")), rs.getString("reason"),
						rs.getObject("generation", Long.class), instant(rs, "deadline")));
	}

	/**
	 * A rollout row.
	 *
	 * @param id rollout id
	 * @param system the system
	 * @param toRevision the revision
	 * @param selector the selector, or null
	 * @param batchSize instances per batch
	 * @param maxUnavailable most unavailable at once
	 * @param healthTimeoutSeconds the gate's timeout
	 * @param state its state
	 * @param message its message
	 * @param version its version (the ETag)
	 * @param createdAt when created
	 * @param updatedAt when last changed
	 */
	record Row(UUID id, String system, int toRevision, String selector, int batchSize, int maxUnavailable,
			int healthTimeoutSeconds, RolloutState state, String message, long version, Instant createdAt,
			Instant updatedAt) {

		RolloutPlan.Settings settings() {
			return new RolloutPlan.Settings(this.state, this.toRevision, this.maxUnavailable,
					this.healthTimeoutSeconds);
		}

	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

}
