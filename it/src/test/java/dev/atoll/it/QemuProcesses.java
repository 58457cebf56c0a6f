package dev.atoll.it;

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

	/** Every QEMU process whose command line names one of Atoll's images directories. */
	static List<ProcessHandle> bootingFrom(String imagesDir) {
		return ProcessHandle.allProcesses()
			.filter(ProcessHandle::isAlive)
			.filter((process) -> process.info().command().orElse("").contains("qemu-system"))
			.filter((process) -> process.info().commandLine().orElse("").contains(imagesDir))
			.toList();
	}

}
