package dev.atoll.agent.backend.board;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

import dev.atoll.agent.backend.BootImage;
import dev.atoll.agent.backend.InstanceSpec;
import dev.atoll.agent.system.AgentProperties.Board;

/**
 * Places an instance's boot artifacts in its board's TFTP directory, under the image's
 * own file names, with the U-Boot script that boots them: {@code boot.cmd} (its text) and
 * {@code boot.scr} (what U-Boot runs). Each file is written beside and renamed into
 * place, so a board that fetches meanwhile sees the old file or the new one, never half
 * of one.
 */
final class TftpStaging {

	static final String SCRIPT_TEXT = "boot.cmd";

	static final String SCRIPT_IMAGE = "boot.scr";

	private TftpStaging() {
	}

	/**
	 * Stages the image for the instance; a device tree of an earlier image is removed.
	 */
	static void stage(Board board, BootImage image, InstanceSpec spec, Instant now) throws IOException {
		Path dir = Files.createDirectories(board.tftpDir());
		copy(image.kernel(), dir.resolve(BootImage.KERNEL));
		copy(image.initrd(), dir.resolve(BootImage.INITRD));
		if (image.deviceTree().isPresent()) {
			copy(image.deviceTree().get(), dir.resolve(BootImage.DEVICE_TREE));
		}
		else {
			Files.deleteIfExists(dir.resolve(BootImage.DEVICE_TREE));
		}
		String title = "instance " + spec.id() + ", image " + image.name() + ", generation " + spec.generation();
		UBootScript script = UBootScript.booting(title, board.tftpPath(), BootImage.KERNEL, BootImage.INITRD,
				image.deviceTree().isPresent() ? BootImage.DEVICE_TREE : null);
		write(dir.resolve(SCRIPT_TEXT), script.text().getBytes(StandardCharsets.US_ASCII));
		write(dir.resolve(SCRIPT_IMAGE), script.image("atoll " + image.name(), now));
	}

	private static void copy(Path from, Path to) throws IOException {
		Path temporary = to.resolveSibling(to.getFileName() + ".tmp");
		Files.copy(from, temporary, StandardCopyOption.REPLACE_EXISTING);
		Files.move(temporary, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
	}

	private static void write(Path to, byte[] bytes) throws IOException {
		Path temporary = to.resolveSibling(to.getFileName() + ".tmp");
		Files.write(temporary, bytes);
		Files.move(temporary, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
	}

}
