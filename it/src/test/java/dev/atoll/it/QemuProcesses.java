package dev.atoll.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/** Finds the QEMU processes of an instance by the {@code -name atoll-<id>} marker. */
final class QemuProcesses {

	private QemuProcesses() {
	}

	static List<ProcessHandle> of(UUID instanceId) {
		String marker = "atoll-" + instanceId;
		return ProcessHandle.allProcesses()
			.filter(ProcessHandle::isAlive)
			.filter((process) -> process.info().commandLine().orElse("").contains(marker))
			.filter((process) -> process.info().command().orElse("").contains("qemu-system"))
			.toList();
	}

	/**
	 * Every QEMU process running inside {@code workDir}: the agent starts each QEMU in
	 * its instance's directory below its own work directory, so this finds exactly the
	 * QEMUs of one agent's work directory and none of other runs on the same host.
	 */
	static List<ProcessHandle> runningUnder(Path workDir) {
		Path root = workDir.toAbsolutePath().normalize();
		return ProcessHandle.allProcesses()
			.filter(ProcessHandle::isAlive)
			.filter((process) -> process.info().command().orElse("").contains("qemu-system"))
			.filter((process) -> workingDirectory(process).startsWith(root))
			.toList();
	}

	private static Path workingDirectory(ProcessHandle process) {
		try {
			return Files.readSymbolicLink(Path.of("/proc", Long.toString(process.pid()), "cwd"));
		}
		catch (IOException | UnsupportedOperationException ex) {
			return Path.of("/proc/gone"); // exited meanwhile, or not ours to read
		}
	}

}
