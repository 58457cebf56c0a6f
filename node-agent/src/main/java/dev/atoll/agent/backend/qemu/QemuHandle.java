package dev.atoll.agent.backend.qemu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.UUID;

import dev.atoll.agent.backend.InstanceSpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a later agent needs to find a running QEMU again (Nomad's task handle):
 * {@code <work>/handle.json}, written once the QEMU's console is connected. A versioned
 * wire format: a reader refuses a version it does not know instead of guessing.
 *
 * @param version the handle format, {@link #VERSION}
 * @param instanceId the instance
 * @param generation the desired generation it was launched for
 * @param image its boot image
 * @param memoryMb its guest memory
 * @param pid QEMU's process id
 * @param startTimeTicks QEMU's start time from {@code /proc/<pid>/stat}, so that a pid
 * reused by another process is never taken for it
 * @param consoleSocket the console socket, relative to the work directory
 * @param qmpSocket the QMP socket, relative to the work directory
 * @param launchedAt when it was launched
 * @param powerdown whether its image declared that it powers off on request (added within
 * version 1: a handle without it reads as false, which every image written before it is)
 * @param bootConfig the boot configuration it was launched with, or null for the image's
 * own (added within version 1: a handle without it is an instance booting the image's own
 * configuration, which every instance launched before it was)
 */
record QemuHandle(int version, UUID instanceId, long generation, String image, int memoryMb, long pid,
		long startTimeTicks, String consoleSocket, String qmpSocket, Instant launchedAt, boolean powerdown,
		String bootConfig) {

	static final int VERSION = 1;

	static final String FILE = "handle.json";

	private static final JsonMapper json = JsonMapper.builder().build();

	static QemuHandle of(QemuLaunch launch, long pid, long startTimeTicks, Instant launchedAt) {
		InstanceSpec spec = launch.spec();
		return new QemuHandle(VERSION, spec.id(), spec.generation(), spec.image(), spec.memoryMb(), pid, startTimeTicks,
				QemuLaunch.CONSOLE_SOCKET, QemuLaunch.QMP_SOCKET, launchedAt, launch.powerdown(), spec.bootConfig());
	}

	InstanceSpec spec() {
		return new InstanceSpec(this.instanceId, this.image, this.memoryMb, this.generation, this.bootConfig);
	}

	/** Writes the handle atomically: a reader sees the old one or the new one, whole. */
	void write(Path workDir) throws IOException {
		Path temporary = workDir.resolve(FILE + ".tmp");
		Files.writeString(temporary, json.writeValueAsString(this));
		Files.move(temporary, workDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE,
				StandardCopyOption.REPLACE_EXISTING);
	}

	/**
	 * Reads the handle in {@code workDir}: this version, another version, or unreadable.
	 */
	static Read read(Path workDir) {
		String text;
		try {
			text = Files.readString(workDir.resolve(FILE));
		}
		catch (IOException ex) {
			return new Read.Unreadable(ex.toString(), -1);
		}
		JsonNode tree;
		try {
			tree = json.readTree(text);
		}
		catch (JacksonException ex) {
			return new Read.Unreadable("not JSON: " + ex.getOriginalMessage(), -1);
		}
		long pid = (tree.path("pid").isIntegralNumber()) ? tree.path("pid").asLong() : -1;
		if (!tree.path("version").isInt()) {
			return new Read.Unreadable("no handle version", pid);
		}
		int version = tree.path("version").asInt();
		if (version != VERSION) {
			return new Read.UnknownVersion(version, pid);
		}
		try {
			QemuHandle handle = json.treeToValue(tree, QemuHandle.class);
			if (handle.instanceId() == null || handle.image() == null || handle.pid() <= 0) {
				return new Read.Unreadable("handle without instance id, image or pid", pid);
			}
			return new Read.Valid(handle);
		}
		catch (JacksonException ex) {
			return new Read.Unreadable(ex.getOriginalMessage(), pid);
		}
	}

	static void delete(Path workDir) {
		try {
			Files.deleteIfExists(workDir.resolve(FILE));
		}
		catch (IOException ex) {
			// Stale and harmless: the next reader finds no live process behind it.
		}
	}

	/** The outcome of reading a handle file. */
	sealed interface Read {

		record Valid(QemuHandle handle) implements Read {
		}

		/** A handle another agent version wrote; {@code pid} is -1 when it names none. */
		record UnknownVersion(int version, long pid) implements Read {
		}

		/** Not a handle at all; {@code pid} is -1 when it names none. */
		record Unreadable(String reason, long pid) implements Read {
		}

	}

}
