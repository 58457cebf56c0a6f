package dev.atoll.api;

/**
 * The observed conditions of an instance, in the order they become true. The control
 * plane sets {@link #Scheduled}; the node agent computes the others from what it sees of
 * the instance.
 */
public enum ConditionType {

	/** Placed on a node. */
	Scheduled,
	/** The kernel booted and the root task speaks: a telemetry record arrived. */
	Booted,
	/**
	 * The root task accepted the boot configuration and runs exactly its tasks, with the
	 * declared placements (own task or linked).
	 */
	SplitApplied,
	/**
	 * The agent runs the instance's current desired generation and the last telemetry
	 * record shows every task the boot configuration declares running.
	 */
	Ready

}
