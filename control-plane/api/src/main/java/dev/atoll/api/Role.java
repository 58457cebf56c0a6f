package dev.atoll.api;

/**
 * What an API token may do. Admins may do everything; the others are allowed what the
 * control plane's access policy lists for them.
 */
public enum Role {

	/** Everything, including managing API tokens. */
	admin,

	/** Manages instances, systems, images, rollouts and the nodes' admin state; reads. */
	operator,

	/** Manages CI leases; reads. */
	ci,

	/** Reads. */
	viewer,

	/**
	 * Registers nodes and nothing else: the join token an agent is configured with. Once
	 * registered, the agent uses its own node token.
	 */
	join

}
