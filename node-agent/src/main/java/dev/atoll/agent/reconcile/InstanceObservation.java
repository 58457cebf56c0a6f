package dev.atoll.agent.reconcile;

import java.util.OptionalLong;
import java.util.UUID;

import dev.atoll.agent.console.ConsoleSnapshot;
import dev.atoll.api.Phase;

/**
 * One tracked instance as the reconciler sees it right now, for metrics.
 *
 * @param id the instance id
 * @param name its name
 * @param phase its phase
 * @param pid the pid of its live emulator process, empty when none runs
 * @param console its console (the current run's, or the frozen one of the last run); null
 * before its first start
 * @param crashes crashes within its current desired generation
 */
public record InstanceObservation(UUID id, String name, Phase phase, OptionalLong pid, ConsoleSnapshot console,
		int crashes) {
}
