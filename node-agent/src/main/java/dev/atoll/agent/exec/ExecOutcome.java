package dev.atoll.agent.exec;

/** How one exec went: it ran to its exit code, it timed out, or it could not run. */
public sealed interface ExecOutcome {

	/** The command exited: its whole output and its exit code. */
	record Completed(String output, int exitCode, long durationMs) implements ExecOutcome {
	}

	/** No exit code within the timeout: the output received until then. */
	record TimedOut(String output, long durationMs, String message) implements ExecOutcome {
	}

	/** It did not run: a bad request, an instance not here, a console that closed. */
	record Failed(String message) implements ExecOutcome {
	}

}
