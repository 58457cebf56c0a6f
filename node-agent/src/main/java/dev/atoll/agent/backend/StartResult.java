package dev.atoll.agent.backend;

/** The outcome of {@link Backend#start}: started, or why not. */
public sealed interface StartResult {

	/** The instance runs (or already ran). */
	record Started(BackendInstance instance) implements StartResult {
	}

	/** An argument was invalid; nothing was launched. */
	record Invalid(String reason) implements StartResult {
	}

	/** Launching failed; whatever was launched is gone again. */
	record Failed(String reason) implements StartResult {
	}

}
