package dev.atoll.agent.backend;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Function;

/**
 * Runs instances on this node: under QEMU, or on boards. Narrow on purpose: everything
 * about desired state lives in the reconciler; a backend only does what it is told and
 * says what it sees. Every operation is idempotent.
 */
public interface Backend {

	/**
	 * Validates the spec, then launches the instance; the serial console's bytes go to
	 * {@code console} from the first one on. Starting an instance that already runs does
	 * nothing and reports it started.
	 */
	StartResult start(InstanceSpec spec, ConsoleSink console);

	/**
	 * Stops the instance (gracefully, then by force) and forgets it. Returns once its
	 * process is gone; does nothing for an unknown instance.
	 */
	void stop(UUID instanceId);

	/**
	 * Adopts the instances a previous agent left running (after a crash, or a shutdown
	 * that kept them): each one's console goes to the sink {@code consoles} gives for its
	 * spec from now on. Instances that cannot be adopted are stopped, never left running
	 * unseen. Returns the adopted instances; call it once, before the first start.
	 */
	List<BackendInstance> recover(Function<InstanceSpec, ConsoleSink> consoles);

	/** What the backend observes of one instance, empty when it does not know it. */
	Optional<BackendInstance> inspect(UUID instanceId);

	/** Every instance the backend knows, running or exited and not yet stopped. */
	List<BackendInstance> list();

	/** Where the instance's raw console is recorded, if the backend knows it. */
	Optional<Path> console(UUID instanceId);

	/**
	 * Writes {@code bytes} whole to the instance's serial line: host-to-guest frames
	 * (console input, exec requests; docs/frame-format.md). Concurrent writes never
	 * interleave. Throws when the backend does not run the instance or its line is not
	 * open.
	 */
	void writeConsole(UUID instanceId, byte[] bytes) throws IOException;

	/**
	 * Labels that describe what this backend runs, for the node's registration (the
	 * scheduler selects nodes by them): at least {@code backend}, for boards their types.
	 */
	Map<String, String> labels();

	/**
	 * How many instances the backend can run at once when it bounds that itself (one per
	 * board); empty when only the node's configured slots do.
	 */
	OptionalInt slots();

}
