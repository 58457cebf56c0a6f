package dev.atoll.api;

/**
 * Observed lifecycle phase of an instance. Pending until an agent starts it; Booting
 * until the first telemetry record arrives from inside; Running while records flow;
 * Failed when QEMU or the kernel died; Stopped after a requested stop; Lost when the node
 * of a board instance (which cannot move) went Offline: set by the control plane, until
 * the node reports again.
 */
public enum Phase {

	Pending, Booting, Running, Failed, Stopped, Lost;

	/** True when the instance will not change phase without a new start. */
	public boolean isTerminal() {
		return this == Failed || this == Stopped;
	}

}
