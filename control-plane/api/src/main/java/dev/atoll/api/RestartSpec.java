package dev.atoll.api;

/**
 * How the root task's supervisor treats a task that faults or exits.
 *
 * @param policy when to restart it; default {@link RestartPolicy#OnFailure}
 * @param maxRestarts restarts before it is left stopped, 0 to 1000; default 5
 * @param backoffMs wait before a restart, doubled after each, 0 to 600000; default 100
 */
public record RestartSpec(RestartPolicy policy, Integer maxRestarts, Integer backoffMs) {
}
