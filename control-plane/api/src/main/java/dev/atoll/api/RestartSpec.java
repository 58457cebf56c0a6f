package dev.atoll.api;

/**
 * How the root task's supervisor treats a task that faults.
 *
 * @param policy whether to restart it; default {@link RestartPolicy#Never}
 * @param maxRestarts restarts before it is left stopped, 0 to 1000; default 3
 * @param backoffMs wait before a restart, doubled after each, 0 to 600000; default 100
 */
public record RestartSpec(RestartPolicy policy, Integer maxRestarts, Integer backoffMs) {
}
