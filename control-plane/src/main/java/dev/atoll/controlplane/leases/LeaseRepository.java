package dev.atoll.controlplane.leases;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import dev.atoll.api.CreateLeaseRequest;
import dev.atoll.api.LeaseEndpoint;
import dev.atoll.api.LeaseState;
import dev.atoll.api.LeaseView;
import dev.atoll.controlplane.system.IdempotencyKeys;
import dev.atoll.controlplane.system.Jdbc;
import dev.atoll.controlplane.system.LabelSelector;
import dev.atoll.controlplane.system.Labels;
import dev.atoll.controlplane.system.Outcome;
import dev.atoll.controlplane.system.Problem;
import dev.atoll.controlplane.system.Versioned;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code leases} table. Every change of a lease bumps its {@code version} (its entity
 * tag). The queue position is computed on every read: the lease's rank among the Queued
 * leases, oldest first.
 */
@Repository
class LeaseRepository {

	static final String IDEMPOTENCY_SCOPE = "leases";

	private static final String ENDED = "('Released', 'Expired', 'Failed')";

	private static final String VIEW = """
			select l.id, l.owner, l.ci_run_id, l.system, l.system_revision, l.image, l.image_version, l.labels,
			       l.memory_mb, l.ttl_seconds, l.state, l.reason, l.instance_id, l.endpoint, l.created_at, l.expires_at,
			       l.ended_at, l.instance_gone, l.version,
			       case when l.state = 'Queued' then
			           (select count(*) from leases q where q.state = 'Queued' and (q.created_at, q.id) <= (l.created_at, l.id))
			       end as queue_position
			from leases l""";

	private final JdbcClient sql;

	private final Jdbc jdbc;

	private final JsonMapper json;

	private final IdempotencyKeys keys;

	LeaseRepository(JdbcClient sql, Jdbc jdbc, JsonMapper json, IdempotencyKeys keys) {
		this.sql = sql;
		this.jdbc = jdbc;
		this.json = json;
		this.keys = keys;
	}

	/**
	 * Stores a new Queued lease, claimed for {@code claimFor} by the caller, which
	 * provisions it at once (the reconciler takes over if it does not).
	 */
	Mono<Versioned<LeaseView>> insert(UUID id, String owner, CreateLeaseRequest lease, Duration claimFor) {
		return this.jdbc.inTransaction(() -> insertRow(id, owner, lease, claimFor).orElseThrow());
	}

	/** The same, once per idempotency key (see {@link IdempotencyKeys}). */
	Mono<IdempotencyKeys.Keyed<LeaseView>> insertOnce(String key, byte[] requestHash, UUID id, String owner,
			CreateLeaseRequest lease, Duration claimFor) {
		return this.jdbc.inTransaction(() -> this.keys.once(IDEMPOTENCY_SCOPE, key, requestHash, LeaseView.class,
				() -> insertRow(id, owner, lease, claimFor)));
	}

	private Optional<Versioned<LeaseView>> insertRow(UUID id, String owner, CreateLeaseRequest lease,
			Duration claimFor) {
		this.sql.sql("""
				insert into leases (id, owner, ci_run_id, system, system_revision, image, image_version, labels,
				                    memory_mb, ttl_seconds, state, reason, created_at, updated_at, expires_at,
				                    claimed_until)
				values (:id, :owner, :ciRunId, :system, :systemRevision, :image, :imageVersion, cast(:labels as jsonb),
				        :memoryMb, :ttl, 'Queued', :reason, now(), now(), now() + make_interval(secs => :ttl),
				        now() + make_interval(secs => :claim))
				""")
			.param("id", id)
			.param("owner", owner)
			.param("ciRunId", lease.ciRunId())
			.param("system", lease.system())
			.param("systemRevision", lease.systemRevision(), Types.INTEGER)
			.param("image", lease.image())
			.param("imageVersion", lease.imageVersion(), Types.VARCHAR)
			.param("labels", this.json.writeValueAsString(lease.labels()))
			.param("memoryMb", lease.memoryMb(), Types.INTEGER)
			.param("ttl", lease.ttlSeconds())
			.param("reason", LeaseReasons.WAITING_FOR_INSTANCE)
			.param("claim", claimFor.toMillis() / 1000.0)
			.update();
		return findRow(id);
	}

	Mono<Optional<Versioned<LeaseView>>> find(UUID id) {
		return this.jdbc.call(() -> findRow(id));
	}

	private Optional<Versioned<LeaseView>> findRow(UUID id) {
		return this.sql.sql(VIEW + " where l.id = :id").param("id", id).query(this::stored).optional();
	}

	/**
	 * Up to {@code limit} leases after the cursor's (creation time in microseconds, id),
	 * oldest first, that the selector (on the lease's labels), state and CI run select.
	 */
	Mono<List<LeaseView>> page(LabelSelector selector, Optional<LeaseState> state, Optional<String> ciRunId,
			Optional<List<String>> after, int limit) {
		return this.jdbc.call(() -> {
			Map<String, Object> params = new HashMap<>();
			StringBuilder where = new StringBuilder(" where true");
			where.append(selector.sql("l.labels", params, this.json));
			state.ifPresent((wanted) -> {
				where.append(" and l.state = :state");
				params.put("state", wanted.name());
			});
			ciRunId.ifPresent((run) -> {
				where.append(" and l.ci_run_id = :ciRunId");
				params.put("ciRunId", run);
			});
			if (after.isPresent()) {
				where.append(" and (l.created_at, l.id) > (:afterCreated, :afterId)");
				params.put("afterCreated", OffsetDateTime.ofInstant(
						Instant.EPOCH.plus(Long.parseLong(after.get().get(0)), ChronoUnit.MICROS), ZoneOffset.UTC));
				params.put("afterId", UUID.fromString(after.get().get(1)));
			}
			params.put("limit", limit);
			return this.sql.sql(VIEW + where + " order by l.created_at, l.id limit :limit")
				.params(params)
				.query(this::view)
				.list();
		});
	}

	/**
	 * Renews a live lease: it expires {@code ttlSeconds} from now. {@code refuse} sees
	 * the lease under its row lock and answers the problem that stops the renewal, if
	 * any.
	 * @return the renewed lease or the problem; empty when there is no such lease
	 */
	Mono<Optional<Outcome<Versioned<LeaseView>>>> renew(UUID id, int ttlSeconds,
			Function<Versioned<LeaseView>, Optional<Problem>> refuse) {
		return this.jdbc.inTransaction(() -> locked(id)
			.map((current) -> refuse.apply(current).map(Outcome::<Versioned<LeaseView>>failure).orElseGet(() -> {
				this.sql.sql("""
						update leases set expires_at = now() + make_interval(secs => :ttl), ttl_seconds = :ttl,
						                  updated_at = now(), version = version + 1
						where id = :id
						""").param("ttl", ttlSeconds).param("id", id).update();
				return Outcome.success(findRow(id).orElseThrow());
			})));
	}

	/**
	 * Ends a live lease as {@code state} with {@code reason}; an ended lease stays as it
	 * is. {@code refuse} as for {@link #renew}.
	 * @return the lease, ended; the problem; empty when there is no such lease
	 */
	Mono<Optional<Outcome<Versioned<LeaseView>>>> end(UUID id, LeaseState state, String reason,
			Function<Versioned<LeaseView>, Optional<Problem>> refuse) {
		return this.jdbc.inTransaction(() -> locked(id)
			.map((current) -> refuse.apply(current).map(Outcome::<Versioned<LeaseView>>failure).orElseGet(() -> {
				this.sql.sql("""
						update leases set state = :state, reason = :reason, endpoint = null, ended_at = now(),
						                  instance_gone = instance_id is null, updated_at = now(),
						                  version = version + 1
						where id = :id and state not in %s
						""".formatted(ENDED))
					.param("state", state.name())
					.param("reason", reason)
					.param("id", id)
					.update();
				return Outcome.success(findRow(id).orElseThrow());
			})));
	}

	private Optional<Versioned<LeaseView>> locked(UUID id) {
		return this.sql.sql("select id from leases where id = :id for update")
			.param("id", id)
			.query(UUID.class)
			.optional()
			.flatMap(this::findRow);
	}

	/** Ends every live lease whose time is up; answers how many. */
	Mono<Integer> expireDue() {
		return this.jdbc.call(() -> this.sql.sql("""
				update leases set state = 'Expired', endpoint = null, ended_at = now(),
				       reason = 'not renewed within its TTL of ' || ttl_seconds || ' s',
				       instance_gone = instance_id is null, updated_at = now(), version = version + 1
				where state not in %s and expires_at <= now()
				""".formatted(ENDED)).update());
	}

	/**
	 * Claims up to {@code batch} leases that need work (live, or ended with an instance
	 * not yet gone) and no other replica holds, least recently worked on first; locked
	 * with {@code FOR UPDATE SKIP LOCKED}, so two replicas never claim the same lease.
	 */
	Mono<List<Versioned<LeaseView>>> claim(int batch, Duration claimFor) {
		return this.jdbc.inTransaction(() -> {
			List<UUID> claimed = this.sql.sql("""
					update leases set claimed_until = now() + make_interval(secs => :claim)
					where id in (select id from leases
					             where not instance_gone and (claimed_until is null or claimed_until < now())
					             order by claimed_until nulls first, created_at, id
					             limit :batch
					             for update skip locked)
					returning id
					""").param("claim", claimFor.toMillis() / 1000.0).param("batch", batch).query(UUID.class).list();
			if (claimed.isEmpty()) {
				return List.<Versioned<LeaseView>>of();
			}
			return this.sql.sql(VIEW + " where l.id in (:ids) order by l.created_at, l.id")
				.param("ids", claimed)
				.query(this::stored)
				.list();
		});
	}

	/** Lets other replicas work on the lease again (from the back of the line). */
	Mono<Integer> unclaim(UUID id) {
		return this.jdbc.call(
				() -> this.sql.sql("update leases set claimed_until = now() where id = :id").param("id", id).update());
	}

	/**
	 * Records what the lease's instance shows, unless the lease ended meanwhile (a
	 * release wins). An ended {@code state} ends it. Nothing changes, and no new version
	 * is made, when everything is as recorded.
	 */
	Mono<Integer> observe(UUID id, LeaseState state, String reason, UUID instanceId, LeaseEndpoint endpoint) {
		return this.jdbc.call(() -> this.sql.sql("""
				update leases set state = :state, reason = :reason, instance_id = :instanceId,
				                  endpoint = cast(:endpoint as jsonb),
				                  ended_at = case when :state in %1$s then now() end,
				                  instance_gone = :state in %1$s and cast(:instanceId as uuid) is null,
				                  updated_at = now(), version = version + 1
				where id = :id and state not in %1$s
				  and (state, reason, instance_id, endpoint) is distinct from
				      (:state, :reason, cast(:instanceId as uuid), cast(:endpoint as jsonb))
				""".formatted(ENDED))
			.param("state", state.name())
			.param("reason", reason)
			.param("instanceId", instanceId, Types.OTHER)
			.param("endpoint", (endpoint != null) ? this.json.writeValueAsString(endpoint) : null, Types.VARCHAR)
			.param("id", id)
			.update());
	}

	/** The ended lease's instance is deleted for good. */
	Mono<Integer> instanceGone(UUID id) {
		return this.jdbc.call(() -> this.sql
			.sql("update leases set instance_gone = true, updated_at = now(), version = version + 1 where id = :id"
					+ " and not instance_gone")
			.param("id", id)
			.update());
	}

	/** Deletes ended leases whose instance is gone, ended longer ago than that. */
	Mono<Integer> forgetEnded(Duration retention) {
		return this.jdbc.call(() -> this.sql.sql("""
				delete from leases where instance_gone and ended_at < now() - make_interval(secs => :seconds)
				""").param("seconds", retention.toMillis() / 1000.0).update());
	}

	/** Leases by state (every state present, maybe 0). */
	Mono<Map<LeaseState, Long>> counts() {
		return this.jdbc.call(() -> {
			Map<LeaseState, Long> byState = new EnumMap<>(LeaseState.class);
			this.sql.sql("select state, count(*) as n from leases group by state")
				.query((rs, row) -> byState.put(LeaseState.valueOf(rs.getString("state")), rs.getLong("n")))
				.list();
			return byState;
		});
	}

	private Versioned<LeaseView> stored(ResultSet rs, int row) throws SQLException {
		return new Versioned<>(view(rs, row), rs.getLong("version"));
	}

	private LeaseView view(ResultSet rs, int row) throws SQLException {
		String endpoint = rs.getString("endpoint");
		Long position = rs.getObject("queue_position", Long.class);
		return new LeaseView(rs.getObject("id", UUID.class), rs.getString("ci_run_id"), rs.getString("owner"),
				rs.getString("system"), rs.getObject("system_revision", Integer.class), rs.getString("image"),
				rs.getString("image_version"), this.json.readValue(rs.getString("labels"), Labels.JSON),
				rs.getObject("memory_mb", Integer.class), rs.getInt("ttl_seconds"),
				LeaseState.valueOf(rs.getString("state")), rs.getString("reason"),
				(position != null) ? position.intValue() : null, rs.getObject("instance_id", UUID.class),
				(endpoint != null) ? this.json.readValue(endpoint, LeaseEndpoint.class) : null,
				instant(rs, "created_at"), instant(rs, "expires_at"), instant(rs, "ended_at"),
				rs.getBoolean("instance_gone"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

}
