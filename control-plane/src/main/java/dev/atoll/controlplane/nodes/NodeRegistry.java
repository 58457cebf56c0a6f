package dev.atoll.controlplane.nodes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.atoll.api.NodeAdminChange;
import dev.atoll.api.NodeRegistered;
import dev.atoll.api.NodeView;
import dev.atoll.api.NodeRegistration;
import dev.atoll.controlplane.system.BearerTokens;
import dev.atoll.controlplane.system.LabelSelector;
import dev.atoll.controlplane.system.Outcome;
import dev.atoll.controlplane.system.Page;
import dev.atoll.controlplane.system.Problem;
import dev.atoll.controlplane.system.Violation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * The nodes feature's API: registration, authentication of agent calls, heartbeats and
 * liveness. The server owns the heartbeat deadline: a node silent for three intervals is
 * Disconnected, and Offline after the grace period.
 */
@Service
public class NodeRegistry {

	private static final Logger log = LoggerFactory.getLogger(NodeRegistry.class);

	private final NodeRepository nodes;

	private final NodeProperties properties;

	private final ApplicationEventPublisher events;

	NodeRegistry(NodeRepository nodes, NodeProperties properties, ApplicationEventPublisher events) {
		this.nodes = nodes;
		this.properties = properties;
		this.events = events;
	}

	/**
	 * Registers a node, or re-registers the node of that name: same id, new token.
	 * @return the credentials, or the list of violations
	 */
	public Mono<Outcome<NodeRegistered>> register(NodeRegistration registration) {
		List<Violation> violations = NodeRegistrationRules.check(registration);
		if (!violations.isEmpty()) {
			return Mono.just(Outcome.failure(Problem.Invalid.of(violations)));
		}
		String token = BearerTokens.newToken();
		return this.nodes.register(registration, BearerTokens.hash(token)).map((nodeId) -> {
			log.info("Node {} registered as {} ({} MB, {} slots)", registration.name(), nodeId, registration.memoryMb(),
					registration.instanceSlots());
			this.events.publishEvent(new NodeJoined(nodeId));
			return Outcome.success(new NodeRegistered(nodeId, token, heartbeatInterval().toMillis()));
		});
	}

	/**
	 * Checks an agent's {@code Authorization: Bearer} header against the node.
	 * @return the node; Unauthorized for a missing or wrong token, NotFound (register
	 * again) for an unknown node
	 */
	public Mono<Outcome<AuthenticatedNode>> authenticate(UUID nodeId, String authorization) {
		Optional<String> token = BearerTokens.fromAuthorization(authorization);
		if (token.isEmpty()) {
			return Mono.just(Outcome.failure(new Problem.Unauthorized("a node token is required: Bearer <nodeToken>")));
		}
		return this.nodes.tokenHash(nodeId).map((hash) -> {
			if (hash.isEmpty()) {
				return Outcome.failure(new Problem.NotFound("unknown node " + nodeId + "; register again"));
			}
			if (!BearerTokens.matches(token.get(), hash.get())) {
				return Outcome.failure(new Problem.Unauthorized("the token does not belong to node " + nodeId));
			}
			return Outcome.success(new AuthenticatedNode(nodeId));
		});
	}

	/**
	 * Records the heartbeat of an authenticated node.
	 * @return the node; NotFound (register again) when it was removed meanwhile
	 */
	public Mono<Outcome<AuthenticatedNode>> heartbeat(AuthenticatedNode node) {
		return this.nodes.touch(node.id())
			.map((known) -> known ? Outcome.success(node)
					: Outcome.failure(new Problem.NotFound("unknown node " + node.id() + "; register again")));
	}

	/**
	 * Whether the node exists and is not Offline: an agent that is merely Disconnected
	 * may come back and still has to stop what it runs, so its deletions wait for it.
	 */
	public Mono<Boolean> isReachable(UUID nodeId) {
		return this.nodes.heardFromWithin(nodeId, offlineAfter());
	}

	/** Every node, by name. */
	public Mono<List<NodeView>> list() {
		return this.nodes.list(this.properties.disconnectedAfter(), this.properties.offlineDeadline(),
				LabelSelector.EVERYTHING, Optional.empty(), Optional.empty());
	}

	/**
	 * The nodes a label selector (null: every node) selects, by name; one page of them
	 * when {@code limit} (default {@value Page#DEFAULT_SIZE}, at most
	 * {@value Page#MAX_SIZE}) or {@code cursor} is given, else all.
	 * @return the nodes and the next page's cursor; Invalid for a malformed selector,
	 * limit or cursor
	 */
	public Mono<Outcome<Page<NodeView>>> list(String labelSelector, Integer limit, String cursor) {
		List<Violation> violations = new ArrayList<>();
		LabelSelector selector = LabelSelector.fromParameter(labelSelector, violations);
		boolean paged = limit != null || cursor != null;
		int size = Page.size(limit, violations);
		Optional<String> after = Page.after(cursor, 1, violations).map(List::getFirst);
		if (!violations.isEmpty()) {
			return Mono.just(Outcome.failure(Problem.Invalid.of(violations)));
		}
		return this.nodes
			.list(this.properties.disconnectedAfter(), this.properties.offlineDeadline(), selector, after,
					paged ? Optional.of(size + 1) : Optional.empty())
			.map((views) -> Outcome.success(paged ? Page.of(views, size, (view) -> List.of(view.name()))
					: new Page<>(views, Optional.empty(), size)));
	}

	/** One node; NotFound when unknown. */
	public Mono<Outcome<NodeView>> find(UUID nodeId) {
		return this.nodes.find(nodeId, this.properties.disconnectedAfter(), this.properties.offlineDeadline())
			.map((found) -> found.map(Outcome::success)
				.orElseGet(() -> Outcome.failure(new Problem.NotFound("no node " + nodeId))));
	}

	/**
	 * Sets what the operator wants of the node: Active, Drained or Maintenance.
	 * @return the node as it is now; Invalid without a state, NotFound when unknown
	 */
	public Mono<Outcome<NodeView>> changeAdminState(UUID nodeId, NodeAdminChange change) {
		if (change.adminState() == null) {
			return Mono.just(Outcome.failure(Problem.Invalid
				.of(List.of(new Violation("adminState", "is required: one of Active, Drained, Maintenance")))));
		}
		return this.nodes.setAdminState(nodeId, change.adminState()).flatMap((known) -> {
			if (!known) {
				return Mono.just(Outcome.<NodeView>failure(new Problem.NotFound("no node " + nodeId)));
			}
			log.info("Node {} is now {}", nodeId, change.adminState());
			return find(nodeId);
		});
	}

	public Duration heartbeatInterval() {
		return this.properties.heartbeatInterval();
	}

	/** A node silent for longer is no longer Online: nothing new is placed on it. */
	public Duration disconnectedAfter() {
		return this.properties.disconnectedAfter();
	}

	/** Silence after which a node is Offline: nobody is left to confirm its deletions. */
	public Duration offlineAfter() {
		return this.properties.offlineDeadline();
	}

}
