package dev.atoll.agent.console;

import java.nio.file.Path;
import java.util.UUID;

/**
 * Where and how big the per-source console logs of instances are:
 * {@code <root>/<instance>/logs/<source>.log}, each rotated at {@code maxBytes} keeping
 * {@code keep} older files.
 *
 * @param root parent of the instances' directories (the agent's work directory)
 * @param maxBytes size at which a log is rotated
 * @param keep older files kept per source
 */
public record ConsoleLogs(Path root, long maxBytes, int keep) {

	public ConsoleLogs {
		if (maxBytes <= 0 || keep < 0) {
			throw new IllegalArgumentException("console logs need a positive size and a count >= 0");
		}
	}

	/** The channels of one instance's console, logging into its directory. */
	public ConsoleChannels open(UUID instanceId) {
		return new ConsoleChannels(this.root.toAbsolutePath().resolve(instanceId.toString()).resolve("logs"),
				this.maxBytes, this.keep);
	}

}
