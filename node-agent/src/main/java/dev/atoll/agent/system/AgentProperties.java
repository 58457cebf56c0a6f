package dev.atoll.agent.system;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The agent's configuration, {@code atoll.agent.*}. Unset values get their defaults here,
 * in one place.
 *
 * @param controlPlaneUrl base URL of the control plane
 * @param nodeName the node's unique name; the host name when unset
 * @param memoryMb memory the node offers to instances
 * @param instanceSlots how many instances the node runs at most
 * @param imagesDir where boot images live ({@code <imagesDir>/<image>/kernel.img} and
 * {@code initrd.cpio}); the system property {@code atoll.images.dir}, else
 * {@code images/build} under the working directory, when unset
 * @param workDir per-instance work directories go here;
 * {@code ${java.io.tmpdir}/atoll-agent} when unset
 * @param qemuBinary the QEMU executable, a path or a name looked up on the PATH
 * @param stopTimeout how long a graceful stop may take before the process is killed
 * @param advertiseHost the host name the control plane can reach the agent's metrics on;
 * the host name when unset
 * @param stopInstancesOnShutdown whether a graceful shutdown stops every instance (no
 * QEMU outlives the agent) or leaves them running for the next agent to adopt
 */
@ConfigurationProperties("atoll.agent")
public record AgentProperties(@DefaultValue("http://localhost:8080") URI controlPlaneUrl, String nodeName,
		@DefaultValue("4096") int memoryMb, @DefaultValue("8") int instanceSlots, Path imagesDir, Path workDir,
		@DefaultValue("qemu-system-aarch64") String qemuBinary, @DefaultValue("5s") Duration stopTimeout,
		String advertiseHost, @DefaultValue("true") boolean stopInstancesOnShutdown,
		@DefaultValue("3") int restartLimit, @DefaultValue("2s") Duration restartDelay) {

	public AgentProperties {
		nodeName = isBlank(nodeName) ? hostName() : nodeName;
		advertiseHost = isBlank(advertiseHost) ? hostName() : advertiseHost;
		imagesDir = (imagesDir != null) ? imagesDir : Path.of(System.getProperty("atoll.images.dir", "images/build"));
		workDir = (workDir != null) ? workDir : Path.of(System.getProperty("java.io.tmpdir"), "atoll-agent");
		if (memoryMb <= 0 || instanceSlots <= 0) {
			throw new IllegalArgumentException("atoll.agent.memory-mb and instance-slots must be positive");
		}
		if (restartLimit < 0 || restartDelay.isNegative() || restartDelay.compareTo(Duration.ofMinutes(1)) > 0) {
			throw new IllegalArgumentException("atoll.agent.restart-limit must be >= 0 and restart-delay 0..1m");
		}
		if (stopTimeout.isNegative() || stopTimeout.isZero()) {
			throw new IllegalArgumentException("atoll.agent.stop-timeout must be positive");
		}
	}

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			String fromEnvironment = System.getenv("HOSTNAME");
			return isBlank(fromEnvironment) ? "localhost" : fromEnvironment;
		}
	}

}
