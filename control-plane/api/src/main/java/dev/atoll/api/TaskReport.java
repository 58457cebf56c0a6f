package dev.atoll.api;

/**
 * One task as the last telemetry record from inside an instance described it.
 *
 * @param name task name from the boot configuration
 * @param kind root, service or personality
 * @param state running, blocked, faulted, ...
 * @param priority seL4 priority, 0 to 255
 * @param memoryUsedBytes memory the task holds
 * @param memoryBudgetBytes memory the task may hold
 */
public record TaskReport(String name, String kind, String state, int priority, long memoryUsedBytes,
		long memoryBudgetBytes) {
}
