package dev.atoll.api;

/**
 * Body of {@code POST /api/v1/instances/{id}/exec}: run one command on a console of the
 * instance (the system monitor on the root task's console: {@code tasks}, {@code mem},
 * {@code restart TASK}, {@code echo TEXT}, {@code help}).
 *
 * @param channel the console channel: 0 (the default) the root task's, 2..127 a task's
 * @param command one line, at most 240 bytes, without control characters
 * @param timeoutSeconds how long to wait for its exit code, 1 to 600 (default 30)
 */
public record ExecRequest(Integer channel, String command, Integer timeoutSeconds) {
}
