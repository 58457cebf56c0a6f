package dev.atoll.controlplane.nodes;

import java.util.UUID;

/**
 * A node that proved its identity with its token on this request. The access policy's
 * filter checks the token once, before any handler runs, and leaves the node in the
 * request's attributes under {@link #ATTRIBUTE}, where the agent routes' handlers take it
 * ({@code @RequestAttribute}); without it they do not run.
 *
 * @param id the node's id
 */
public record AuthenticatedNode(UUID id) {

	/** The exchange attribute that holds the authenticated node. */
	public static final String ATTRIBUTE = "atoll.authenticatedNode";

}
