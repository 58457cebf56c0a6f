package dev.atoll.agent.backend.qemu;

import java.util.List;
import java.util.UUID;

/**
 * Finds QEMU processes by the {@code -name atoll-<id>} marker, as the end-to-end tests
 * do.
 */
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

}
