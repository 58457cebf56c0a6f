package dev.atoll.api;

import java.util.List;

/**
 * A personality: a user-level kernel in its own task, e.g. the Linux personality running
 * a static Linux binary.
 *
 * @param name unique among the system's personalities and services: a lower-case letter,
 * then up to 14 lower-case letters, digits or dashes
 * @param kind which personality, e.g. {@code linux}
 * @param program the ELF in the image that it runs; default: its kind
 * @param priority seL4 priority, 0 to 254 (255 is the root task's); default 100
 * @param memoryBudgetBytes untyped memory it may hold: a positive multiple of 4096
 * @param devices devices it owns (granted their frames and interrupts), e.g.
 * {@code console}; a device has one owner
 * @param irqs interrupt lines it owns, 0 to 1019, at most 4; a line has one owner
 * @param uses the services it calls
 * @param restart what the supervisor does when it faults; default: never (3 restarts, 100
 * ms backoff once enabled)
 */
public record PersonalitySpec(String name, String kind, String program, Integer priority, Long memoryBudgetBytes,
		List<String> devices, List<Integer> irqs, List<String> uses, RestartSpec restart) implements TaskSpec {
}
