package dev.atoll.agent.backend;

import java.time.Instant;
import java.util.OptionalInt;

/**
 * An instance as its backend observes it.
 *
 * @param spec what it was started with
 * @param pid the process id of its emulator; {@link #NO_PROCESS} for a board, which runs
 * on no process of this host
 * @param startedAt when it was launched
 * @param exitCode empty while it runs, its exit code once its process has exited; -1 when
 * the process was adopted from a previous agent, whose exit code nobody can know
 */
public record BackendInstance(InstanceSpec spec, long pid, Instant startedAt, OptionalInt exitCode) {

	public static final long NO_PROCESS = -1;

	public boolean running() {
		return this.exitCode.isEmpty();
	}

}
