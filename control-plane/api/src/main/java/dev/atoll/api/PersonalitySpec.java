package dev.atoll.api;

import java.util.List;

/**
 * A personality: a user-level kernel in its own task, e.g. the Linux personality running
 * a static Linux binary.
 *
 * @param name unique among the system's personalities and services: a lower-case letter,
 * then up to 31 lower-case letters, digits or dashes
 * @param kind which personality, e.g. {@code linux}
 * @param program the ELF in the image that it runs; default: its kind
 * @param priority seL4 priority, 0 to 254 (255 is the root task's); default 100
 * @param memoryBudgetBytes untyped memory it may hold: a positive multiple of 4096
 * @param devices devices it owns (granted their frames and interrupts), e.g.
 * {@code uart0}; a device has one owner
 * @param uses the services it calls
 * @param restart what the supervisor does when it faults; default: on failure, 5 times,
 * 100 ms backoff
 */
public record PersonalitySpec(String name, String kind, String program, Integer priority, Long memoryBudgetBytes,
		List<String> devices, List<String> uses, RestartSpec restart) implements TaskSpec {
}
