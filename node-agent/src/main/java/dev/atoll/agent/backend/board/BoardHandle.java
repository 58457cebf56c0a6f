package dev.atoll.agent.backend.board;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import dev.atoll.agent.backend.InstanceSpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which instance a board was powered on for: {@code <work>/boards/<board>/handle.json},
 * written once its console is connected, deleted when it is powered off. A later agent
 * adopts the instance from it; a board without a valid one is powered off, so nothing
 * runs on a board unseen. Versioned like the QEMU handle: another version is refused.
 *
 * @param version the handle format, {@link #VERSION}
 * @param board the board's name
 * @param instanceId the instance
 * @param generation the desired generation it was started for
 * @param image its boot image
 * @param memoryMb the memory it was asked for (the board has what it has)
 * @param poweredOnAt when the board was powered on for it
 * @param bootConfig the boot configuration it booted, or null for the image's own (added
 * within version 1: absent in older handles, which booted the image's own)
 */
record BoardHandle(int version, String board, UUID instanceId, long generation, String image, int memoryMb,
		Instant poweredOnAt, String bootConfig) {

	static final int VERSION = 1;

	static final String FILE = "handle.json";

	private static final JsonMapper json = JsonMapper.builder().build();

	static BoardHandle of(String board, InstanceSpec spec, Instant poweredOnAt) {
		return new BoardHandle(VERSION, board, spec.id(), spec.generation(), spec.image(), spec.memoryMb(), poweredOnAt,
				spec.bootConfig());
	}

	InstanceSpec spec() {
		return new InstanceSpec(this.instanceId, this.image, this.memoryMb, this.generation, this.bootConfig);
	}

	/** Writes the handle atomically: a reader sees the old one or the new one, whole. */
	void write(Path boardDir) throws IOException {
		Files.createDirectories(boardDir);
		Path temporary = boardDir.resolve(FILE + ".tmp");
		Files.writeString(temporary, json.writeValueAsString(this));
		Files.move(temporary, boardDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE,
				StandardCopyOption.REPLACE_EXISTING);
	}

	/**
	 * The board's handle when there is one of this version naming this board and an
	 * instance; empty when there is none, or one that cannot be trusted (the caller
	 * powers the board off then).
	 */
	static Optional<BoardHandle> read(Path boardDir, String board) {
		Path file = boardDir.resolve(FILE);
		if (!Files.exists(file)) {
			return Optional.empty();
		}
		try {
			BoardHandle handle = json.readValue(Files.readString(file), BoardHandle.class);
			if (handle.version() != VERSION || !board.equals(handle.board()) || handle.instanceId() == null
					|| handle.image() == null) {
				return Optional.empty();
			}
			return Optional.of(handle);
		}
		catch (IOException | JacksonException ex) {
			return Optional.empty();
		}
	}

	static void delete(Path boardDir) {
		try {
			Files.deleteIfExists(boardDir.resolve(FILE));
		}
		catch (IOException ex) {
			// Harmless: the next agent powers the board off for a handle it cannot use.
		}
	}

}
