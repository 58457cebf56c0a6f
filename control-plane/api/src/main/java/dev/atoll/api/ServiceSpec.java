package dev.atoll.api;

import java.util.List;

/**
 * A service (uart, blk, fs, net) and its placement, the system's service split: its own
 * task reached by IPC, or linked as a library into the tasks named in {@code linkedInto},
 * each of which gets its own copy.
 *
 * @param name unique among the system's personalities and services
 * @param kind which service: {@code uart}, {@code blk}, {@code fs} or {@code net}
 * @param program the ELF (own task) or library (linked) in the image; default: its kind
 * @param linkedInto the tasks it is linked into; empty: its own task. A service that owns
 * devices is linked into one task at most
 * @param priority seL4 priority of its own task, 0 to 254; default 150. Absent when
 * linked: it runs at its host's priority
 * @param memoryBudgetBytes untyped memory of its own task (required); absent when linked:
 * it lives in its host's budget
 * @param devices devices it owns
 * @param irqs interrupt lines it owns
 * @param uses the services it calls (linked: they become its host's connections)
 * @param restart supervision of its own task; absent when linked: it restarts with its
 * host
 */
public record ServiceSpec(String name, String kind, String program, List<String> linkedInto, Integer priority,
		Long memoryBudgetBytes, List<String> devices, List<Integer> irqs, List<String> uses,
		RestartSpec restart) implements TaskSpec {
}
