package dev.atoll.api;

/**
 * The answer to an exec: what the command printed and how it exited.
 *
 * @param output its whole output
 * @param exitCode its exit code (0 success; the monitor answers 127 to an unknown
 * command)
 * @param durationMs from the agent sending it to the exit code arriving
 */
public record ExecResult(String output, int exitCode, long durationMs) {
}
