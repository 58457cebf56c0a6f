package dev.atoll.controlplane.instances;

/**
 * The messages an instance shows while the control plane, not an agent, speaks for it.
 */
public final class PlacementMessages {

	/** Just created; the scheduler has not looked at it yet. */
	public static final String WAITING = "waiting for placement";

	/** The scheduler found no online node with a free slot and enough memory. */
	public static final String NO_CAPACITY = "no node with capacity";

	/**
	 * No online, Active node carries the labels of the instance's node selector (its
	 * architecture counts as {@code arch}).
	 */
	public static final String NO_MATCHING_NODE = "no node matches the node selector";

	/** Placed; the node's agent has not reported yet. */
	public static final String PLACED = "placed; waiting for the node to start it";

	private PlacementMessages() {
	}

}
