package dev.atoll.controlplane.scheduling;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.atoll.controlplane.instances.PlacementMessages;
import dev.atoll.controlplane.system.Jdbc;
import dev.atoll.controlplane.system.Labels;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * One placement pass in one transaction. Pending instances and online nodes are locked
 * with {@code FOR UPDATE SKIP LOCKED}; the nodes' usage is read only after their locks
 * are held, so it includes every placement committed by another replica, and no other
 * replica can add to those nodes until this transaction ends. Nothing here waits for a
 * lock, so passes cannot deadlock: what another pass holds is left for the next pass.
 */
@Repository
class Placements {

	private final JdbcClient sql;

	private final Jdbc jdbc;

	private final JsonMapper json;

	Placements(JdbcClient sql, Jdbc jdbc, JsonMapper json) {
		this.sql = sql;
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * Places as many pending instances (oldest first) as fit.
	 * @return what the pass did
	 */
	Mono<PassResult> placePending(Duration offlineAfter, int batchSize) {
		return this.jdbc.inTransaction(() -> {
			List<Pending> pending = this.sql.sql("""
					select id, memory_mb, node_selector from instances
					where node_id is null and not deleting
					order by created_at, id
					limit :batch
					for update skip locked
					""")
				.param("batch", batchSize)
				.query((rs, row) -> new Pending(rs.getObject("id", UUID.class), rs.getInt("memory_mb"),
						this.json.readValue(rs.getString("node_selector"), Labels.JSON)))
				.list();
			if (pending.isEmpty()) {
				return new PassResult(0, 0, false);
			}
			double seconds = offlineAfter.toMillis() / 1000.0;
			int online = this.sql.sql("""
					select count(*) from nodes
					where last_heartbeat >= now() - make_interval(secs => :seconds) and admin_state = 'Active'
					""").param("seconds", seconds).query(Integer.class).single();
			List<NodeCapacity> nodes = this.sql.sql("""
					select id, memory_mb, instance_slots,
					       labels || jsonb_build_object('arch', architecture) as labels
					from nodes
					where last_heartbeat >= now() - make_interval(secs => :seconds) and admin_state = 'Active'
					order by id
					for update skip locked
					""")
				.param("seconds", seconds)
				.query((rs, row) -> new NodeCapacity(rs.getObject("id", UUID.class), rs.getInt("memory_mb"),
						rs.getInt("instance_slots"), this.json.readValue(rs.getString("labels"), Labels.JSON)))
				.list();
			Map<UUID, Usage> usage = usage(nodes);
			int placed = 0;
			List<UUID> unplaced = new ArrayList<>();
			List<UUID> unmatched = new ArrayList<>();
			for (Pending instance : pending) {
				List<NodeCapacity> matching = nodes.stream().filter(instance::selects).toList();
				Optional<NodeCapacity> target = matching.stream()
					.filter((node) -> usage.get(node.id()).fits(node, instance.memoryMb()))
					.min(Comparator.comparingInt((NodeCapacity node) -> usage.get(node.id()).instances())
						.thenComparingDouble((node) -> usage.get(node.id()).memoryShare(node))
						.thenComparing(NodeCapacity::id));
				if (target.isEmpty()) {
					(matching.isEmpty() && !instance.nodeSelector().isEmpty() ? unmatched : unplaced)
						.add(instance.id());
					continue;
				}
				int updated = this.sql.sql("""
						update instances set node_id = :node, message = :message, boot_count = boot_count + 1,
						                     updated_at = now()
						where id = :id and node_id is null
						""")
					.param("node", target.get().id())
					.param("message", PlacementMessages.PLACED)
					.param("id", instance.id())
					.update();
				if (updated == 1) {
					usage.put(target.get().id(), usage.get(target.get().id()).plus(instance.memoryMb()));
					placed++;
				}
			}
			// With every online node examined, "no capacity" is the truth; with some held
			// by
			// another pass, the next pass will know better.
			boolean contended = nodes.size() < online;
			if (!contended) {
				explain(unplaced, PlacementMessages.NO_CAPACITY);
				explain(unmatched, PlacementMessages.NO_MATCHING_NODE);
			}
			return new PassResult(placed, unplaced.size() + unmatched.size(), contended);
		});
	}

	/** Tells the waiting instances why they wait. */
	private void explain(List<UUID> instances, String message) {
		if (!instances.isEmpty()) {
			this.sql
				.sql("""
						update instances set message = :message, updated_at = now(),
						       conditions = instance_condition_set(conditions, 'Scheduled', false, 'Unschedulable', :message)
						where id in (:ids) and message <> :message
						""")
				.param("message", message)
				.param("ids", instances)
				.update();
		}
	}

	/** Purges deletions whose node went offline: nobody is left to confirm them. */
	Mono<Integer> purgeDeletionsOnOfflineNodes(Duration offlineAfter) {
		return this.jdbc.call(() -> this.sql.sql("""
				delete from instances i using nodes n
				where i.node_id = n.id and i.deleting
				  and %s < now() - make_interval(secs => :seconds)
				""".formatted(Rescheduling.SILENT_SINCE)).param("seconds", offlineAfter.toMillis() / 1000.0).update());
	}

	private Map<UUID, Usage> usage(List<NodeCapacity> nodes) {
		Map<UUID, Usage> usage = new HashMap<>();
		nodes.forEach((node) -> usage.put(node.id(), new Usage(0, 0)));
		if (nodes.isEmpty()) {
			return usage;
		}
		// Instances being deleted still run until their node confirms: they keep their
		// slot and memory.
		this.sql.sql("""
				select node_id, count(*) as instances, coalesce(sum(memory_mb), 0) as memory_mb
				from instances where node_id in (:nodes) group by node_id
				""")
			.param("nodes", nodes.stream().map(NodeCapacity::id).collect(Collectors.toList()))
			.query((rs, row) -> usage.put(rs.getObject("node_id", UUID.class),
					new Usage(rs.getInt("instances"), rs.getLong("memory_mb"))))
			.list();
		return usage;
	}

	/** What a pass did; {@code contended} when another pass held some nodes. */
	record PassResult(int placed, int unplaced, boolean contended) {
	}

	private record Pending(UUID id, int memoryMb, Map<String, String> nodeSelector) {

		/** The node carries every label of the selector, with the same value. */
		boolean selects(NodeCapacity node) {
			return node.labels().entrySet().containsAll(this.nodeSelector.entrySet());
		}

	}

	/** An Active, online node; its labels include {@code arch}, its architecture. */
	private record NodeCapacity(UUID id, int memoryMb, int instanceSlots, Map<String, String> labels) {
	}

	private record Usage(int instances, long memoryMb) {

		boolean fits(NodeCapacity node, int memory) {
			return this.instances < node.instanceSlots() && this.memoryMb + memory <= node.memoryMb();
		}

		double memoryShare(NodeCapacity node) {
			return (node.memoryMb() == 0) ? 1.0 : (double) this.memoryMb / node.memoryMb();
		}

		Usage plus(int memory) {
			return new Usage(this.instances + 1, this.memoryMb + memory);
		}

	}

}
