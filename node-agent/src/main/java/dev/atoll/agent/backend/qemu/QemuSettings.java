package dev.atoll.agent.backend.qemu;

import java.nio.file.Path;
import java.time.Duration;

import dev.atoll.agent.system.AgentProperties;

/**
 * What the QEMU backend needs from the agent's configuration.
 *
 * @param binary the QEMU executable, a path or a name on the PATH
 * @param imagesDir where boot images live
 * @param workDir parent of the per-instance work directories
 * @param stopTimeout how long a graceful stop may take before SIGKILL
 * @param consoleTimeout how long QEMU may take to open its console socket
 * @param stopInstancesOnShutdown whether the agent's shutdown stops every QEMU (else they
 * keep running for the next agent to adopt)
 */
record QemuSettings(String binary, Path imagesDir, Path workDir, Duration stopTimeout, Duration consoleTimeout,
		boolean stopInstancesOnShutdown) {

	static QemuSettings from(AgentProperties properties) {
		return new QemuSettings(properties.qemuBinary(), properties.imagesDir(), properties.workDir(),
				properties.stopTimeout(), Duration.ofSeconds(15), properties.stopInstancesOnShutdown());
	}

}
