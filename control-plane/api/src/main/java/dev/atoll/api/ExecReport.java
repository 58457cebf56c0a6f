package dev.atoll.api;

/**
 * What the agent reports of one exec ({@code PUT /api/v1/nodes/{nodeId}/exec/{execId}}).
 *
 * @param outcome how it went
 * @param output the output received (all of it, or until the timeout)
 * @param exitCode the exit code when {@code Completed}, else null
 * @param durationMs how long it ran on the agent
 * @param message why, when it did not complete
 */
public record ExecReport(Outcome outcome, String output, Integer exitCode, long durationMs, String message) {

	public enum Outcome {

		/** It exited with {@code exitCode}. */
		Completed,

		/** No exit code within its timeout. */
		TimedOut,

		/** It could not run (no console, the line closed). */
		Failed

	}

}
