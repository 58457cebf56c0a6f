package dev.atoll.controlplane.system;

/**
 * The guest memory an instance may have, which a system's memory budgets must fit in.
 */
public final class GuestMemory {

	public static final int MIN_MB = 64;

	public static final int MAX_MB = 4096;

	/** An instance that names no memory and no system revision gets this much. */
	public static final int DEFAULT_MB = 256;

	private GuestMemory() {
	}

	/** The message of a memory size outside the range. */
	public static String range() {
		return "must be between " + MIN_MB + " and " + MAX_MB;
	}

}
