package dev.atoll.controlplane.system;

/**
 * One thing wrong with a request: the field (JSON path or parameter name) and why.
 *
 * @param field the offending field, e.g. {@code memoryMb} or {@code tasks[2].priority}
 * @param message what is wrong with it, for a person
 */
public record Violation(String field, String message) {
}
