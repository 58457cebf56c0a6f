package dev.atoll.controlplane.systems;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongPredicate;

import dev.atoll.api.SystemRevisionView;
import dev.atoll.api.SystemSpec;
import dev.atoll.api.SystemView;
import dev.atoll.controlplane.system.IdempotencyKeys;
import dev.atoll.controlplane.system.Jdbc;
import dev.atoll.controlplane.system.LabelSelector;
import dev.atoll.controlplane.system.Versioned;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code systems} table (name, labels, latest revision, version) and the immutable
 * {@code system_revisions} (one normalized spec each).
 */
@Repository
class SystemRepository {

	static final String IDEMPOTENCY_SCOPE = "systems";

	private static final String VIEW = """
			select s.name, s.labels, s.latest_revision, s.version, s.created_at, s.updated_at, r.spec
			from systems s join system_revisions r on r.system = s.name and r.revision = s.latest_revision""";

	private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {
	};

	private final JdbcClient sql;

	private final Jdbc jdbc;

	private final JsonMapper json;

	private final IdempotencyKeys keys;

	SystemRepository(JdbcClient sql, Jdbc jdbc, JsonMapper json, IdempotencyKeys keys) {
		this.sql = sql;
		this.jdbc = jdbc;
		this.json = json;
		this.keys = keys;
	}

	/** Stores a new system with its first revision; empty when the name is taken. */
	Mono<Optional<Versioned<SystemView>>> insert(String name, Map<String, String> labels, SystemSpec spec) {
		return this.jdbc.inTransaction(() -> insertRows(name, labels, spec));
	}

	/** The same, once per idempotency key (see {@link IdempotencyKeys}). */
	Mono<IdempotencyKeys.Keyed<SystemView>> insertOnce(String key, byte[] requestHash, String name,
			Map<String, String> labels, SystemSpec spec) {
		return this.jdbc.inTransaction(() -> this.keys.once(IDEMPOTENCY_SCOPE, key, requestHash, SystemView.class,
				() -> insertRows(name, labels, spec)));
	}

	private Optional<Versioned<SystemView>> insertRows(String name, Map<String, String> labels, SystemSpec spec) {
		boolean inserted = this.sql.sql("""
				insert into systems (name, labels, latest_revision, created_at, updated_at)
				values (:name, cast(:labels as jsonb), 1, now(), now())
				on conflict (name) do nothing
				""").param("name", name).param("labels", this.json.writeValueAsString(labels)).update() == 1;
		if (!inserted) {
			return Optional.empty();
		}
		insertRevision(name, 1, spec);
		return findRow(name, false);
	}

	private void insertRevision(String name, int revision, SystemSpec spec) {
		this.sql.sql("""
				insert into system_revisions (system, revision, spec, created_at)
				values (:name, :revision, cast(:spec as jsonb), now())
				""")
			.param("name", name)
			.param("revision", revision)
			.param("spec", this.json.writeValueAsString(spec))
			.update();
	}

	Mono<Optional<Versioned<SystemView>>> find(String name) {
		return this.jdbc.call(() -> findRow(name, false));
	}

	private Optional<Versioned<SystemView>> findRow(String name, boolean lock) {
		return this.sql.sql(VIEW + " where s.name = :name" + (lock ? " for update of s" : ""))
			.param("name", name)
			.query(this::stored)
			.optional();
	}

	/**
	 * The systems the selector selects, by name, after {@code afterName} (when given), at
	 * most {@code limit}.
	 */
	Mono<List<SystemView>> list(LabelSelector selector, Optional<String> afterName, int limit) {
		Map<String, Object> params = new HashMap<>();
		StringBuilder where = new StringBuilder(" where true");
		afterName.ifPresent((name) -> {
			where.append(" and s.name > :afterName");
			params.put("afterName", name);
		});
		where.append(selector.sql("s.labels", params, this.json));
		params.put("limit", limit);
		return this.jdbc.call(() -> this.sql.sql(VIEW + where + " order by s.name limit :limit")
			.params(params)
			.query(this::stored)
			.list()
			.stream()
			.map(Versioned::value)
			.toList());
	}

	/**
	 * Replaces the labels and makes a new revision of the spec, each when given and
	 * different, under the row lock, only if {@code precondition} accepts the current
	 * version; empty when the system does not exist.
	 */
	Mono<Optional<Update>> update(String name, Optional<Map<String, String>> labels, Optional<SystemSpec> spec,
			LongPredicate precondition) {
		return this.jdbc.inTransaction(() -> findRow(name, true).map((current) -> {
			if (!precondition.test(current.version())) {
				return new Update(current, false, false);
			}
			SystemView view = current.value();
			boolean newRevision = spec.isPresent() && !spec.get().equals(view.spec());
			boolean relabelled = labels.isPresent() && !labels.get().equals(view.labels());
			if (!newRevision && !relabelled) {
				return new Update(current, true, false);
			}
			int revision = view.revision() + (newRevision ? 1 : 0);
			if (newRevision) {
				insertRevision(name, revision, spec.get());
			}
			this.sql.sql("""
					update systems set labels = cast(:labels as jsonb), latest_revision = :revision,
					       version = version + 1, updated_at = now()
					where name = :name
					""")
				.param("labels", this.json.writeValueAsString(labels.orElse(view.labels())))
				.param("revision", revision)
				.param("name", name)
				.update();
			return new Update(findRow(name, false).orElseThrow(), true, newRevision);
		}));
	}

	/**
	 * The result of an update.
	 *
	 * @param system the system after the update, or as it is when refused
	 * @param accepted false when the precondition refused the current version
	 * @param newRevision true when a revision was made
	 */
	record Update(Versioned<SystemView> system, boolean accepted, boolean newRevision) {
	}

	/**
	 * Deletes the system and its revisions under the row lock, only if
	 * {@code precondition} accepts the current version and no instance boots one of its
	 * revisions; empty when it does not exist.
	 */
	Mono<Optional<Deletion>> delete(String name, LongPredicate precondition) {
		return this.jdbc.inTransaction(() -> findRow(name, true).map((current) -> {
			if (!precondition.test(current.version())) {
				return new Deletion.Refused(current.version());
			}
			List<String> users = users(name);
			if (!users.isEmpty()) {
				return (Deletion) new Deletion.InUse(users);
			}
			this.sql.sql("delete from systems where name = :name").param("name", name).update();
			return new Deletion.Deleted();
		}))
			// An instance created between the check and the delete still holds a
			// revision.
			.onErrorResume(DataIntegrityViolationException.class,
					(raced) -> this.jdbc.call(() -> Optional.<Deletion>of(new Deletion.InUse(users(name)))));
	}

	private List<String> users(String name) {
		return this.sql.sql(
				"select name from instances where system = :name and system_revision is not null order by name limit 5")
			.param("name", name)
			.query(String.class)
			.list();
	}

	/** The result of a delete. */
	sealed interface Deletion {

		record Deleted() implements Deletion {
		}

		/** The precondition refused this current version. */
		record Refused(long version) implements Deletion {
		}

		/** Instances (up to five named) boot a revision of it. */
		record InUse(List<String> instances) implements Deletion {
		}

	}

	/**
	 * The system's revisions after {@code afterRevision}, oldest first, at most
	 * {@code limit}; empty when the system does not exist.
	 */
	Mono<Optional<List<SystemRevisionView>>> revisions(String name, int afterRevision, int limit) {
		return this.jdbc.inTransaction(() -> {
			boolean exists = this.sql.sql("select exists (select 1 from systems where name = :name)")
				.param("name", name)
				.query(Boolean.class)
				.single();
			if (!exists) {
				return Optional.<List<SystemRevisionView>>empty();
			}
			return Optional.of(this.sql.sql("""
					select system, revision, spec, created_at from system_revisions
					where system = :name and revision > :after order by revision limit :limit
					""")
				.param("name", name)
				.param("after", afterRevision)
				.param("limit", limit)
				.query(this::revision)
				.list());
		});
	}

	Mono<Optional<SystemRevisionView>> revision(String name, int revision) {
		return this.jdbc.call(() -> this.sql.sql("""
				select system, revision, spec, created_at from system_revisions
				where system = :name and revision = :revision
				""").param("name", name).param("revision", revision).query(this::revision).optional());
	}

	private SystemRevisionView revision(ResultSet rs, int row) throws SQLException {
		return new SystemRevisionView(rs.getString("system"), rs.getInt("revision"),
				this.json.readValue(rs.getString("spec"), SystemSpec.class), instant(rs, "created_at"));
	}

	private Versioned<SystemView> stored(ResultSet rs, int row) throws SQLException {
		return new Versioned<>(new SystemView(rs.getString("name"), this.json.readValue(rs.getString("labels"), LABELS),
				rs.getInt("latest_revision"), this.json.readValue(rs.getString("spec"), SystemSpec.class),
				instant(rs, "created_at"), instant(rs, "updated_at")), rs.getLong("version"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, OffsetDateTime.class).toInstant();
	}

}
