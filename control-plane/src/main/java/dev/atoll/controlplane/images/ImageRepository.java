package dev.atoll.controlplane.images;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.atoll.api.CreateImageRequest;
import dev.atoll.api.ImageComponent;
import dev.atoll.api.ImageView;
import dev.atoll.controlplane.system.IdempotencyKeys;
import dev.atoll.controlplane.system.Jdbc;
import dev.atoll.controlplane.system.LabelSelector;
import dev.atoll.controlplane.system.Labels;
import dev.atoll.controlplane.system.Versioned;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code images} table. Rows are never updated, so every image is at version 1 (its
 * entity tag).
 */
@Repository
class ImageRepository {

	static final String IDEMPOTENCY_SCOPE = "images";

	private static final String COLUMNS = "name, version, architecture, sha256, components, labels, created_at";

	private static final TypeReference<List<ImageComponent>> COMPONENTS = new TypeReference<>() {
	};

	private final JdbcClient sql;

	private final Jdbc jdbc;

	private final JsonMapper json;

	private final IdempotencyKeys keys;

	ImageRepository(JdbcClient sql, Jdbc jdbc, JsonMapper json, IdempotencyKeys keys) {
		this.sql = sql;
		this.jdbc = jdbc;
		this.json = json;
		this.keys = keys;
	}

	/** Stores the image; empty when that name and version exist. */
	Mono<Optional<Versioned<ImageView>>> insert(CreateImageRequest image) {
		return this.jdbc.call(() -> insertRow(image));
	}

	/** The same, once per idempotency key (see {@link IdempotencyKeys}). */
	Mono<IdempotencyKeys.Keyed<ImageView>> insertOnce(String key, byte[] requestHash, CreateImageRequest image) {
		return this.jdbc.inTransaction(
				() -> this.keys.once(IDEMPOTENCY_SCOPE, key, requestHash, ImageView.class, () -> insertRow(image)));
	}

	private Optional<Versioned<ImageView>> insertRow(CreateImageRequest image) {
		return this.sql.sql("""
				insert into images (name, version, architecture, sha256, components, labels, created_at)
				values (:name, :version, :architecture, :sha256, cast(:components as jsonb), cast(:labels as jsonb),
				        now())
				on conflict (name, version) do nothing
				returning\s""" + COLUMNS)
			.param("name", image.name())
			.param("version", image.version())
			.param("architecture", image.architecture())
			.param("sha256", image.sha256())
			.param("components", this.json.writeValueAsString(image.components()))
			.param("labels", this.json.writeValueAsString(image.labels()))
			.query(this::stored)
			.optional();
	}

	Mono<Optional<Versioned<ImageView>>> find(String name, String version) {
		return this.jdbc
			.call(() -> this.sql.sql("select " + COLUMNS + " from images where name = :name and version = :version")
				.param("name", name)
				.param("version", version)
				.query(this::stored)
				.optional());
	}

	/**
	 * The images the selector selects, by name and version, after {@code after} (name and
	 * version, when given), at most {@code limit}.
	 */
	Mono<List<ImageView>> list(LabelSelector selector, Optional<List<String>> after, int limit) {
		Map<String, Object> params = new HashMap<>();
		StringBuilder where = new StringBuilder(" where true");
		after.ifPresent((keys) -> {
			where.append(" and (name, version) > (:afterName, :afterVersion)");
			params.put("afterName", keys.get(0));
			params.put("afterVersion", keys.get(1));
		});
		where.append(selector.sql("labels", params, this.json));
		params.put("limit", limit);
		return this.jdbc.call(() -> this.sql
			.sql("select " + COLUMNS + " from images" + where + " order by name, version limit :limit")
			.params(params)
			.query(this::stored)
			.list()
			.stream()
			.map(Versioned::value)
			.toList());
	}

	/**
	 * Deletes the image; {@link Deletion#InUse} while an instance names this version.
	 */
	Mono<Deletion> delete(String name, String version) {
		return this.jdbc
			.call(() -> (this.sql.sql("delete from images where name = :name and version = :version")
				.param("name", name)
				.param("version", version)
				.update() == 1) ? Deletion.Deleted : Deletion.Absent)
			.onErrorResume(DataIntegrityViolationException.class, (inUse) -> Mono.just(Deletion.InUse));
	}

	enum Deletion {

		Deleted, Absent, InUse

	}

	private Versioned<ImageView> stored(ResultSet rs, int row) throws SQLException {
		return new Versioned<>(
				new ImageView(rs.getString("name"), rs.getString("version"), rs.getString("architecture"),
						rs.getString("sha256"), this.json.readValue(rs.getString("components"), COMPONENTS),
						this.json.readValue(rs.getString("labels"), Labels.JSON),
						rs.getObject("created_at", OffsetDateTime.class).toInstant()),
				1);
	}

}
