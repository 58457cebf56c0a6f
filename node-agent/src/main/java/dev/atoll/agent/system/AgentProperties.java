package dev.atoll.agent.system;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

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
 * @param restartLimit restarts of a crashed instance per desired generation
 * @param restartDelay delay before the first restart
 * @param backend what runs this node's instances: {@code qemu} (the default) or
 * {@code board}
 * @param boards the boards of a {@code board} node, one instance at a time each
 * @param consoleLogSize size at which an instance's console log (raw, or of one source)
 * is rotated
 * @param consoleLogFiles older files kept per console log
 * @param labels labels of this node besides the ones the agent finds itself
 * ({@code arch}, {@code backend}, {@code qemu}, {@code board-type}), e.g. {@code zone=a};
 * registered for node selectors
 * @param bootTimeout how long a launched instance may go without a telemetry record
 * before its boot counts as hung: a crash, restarted by the restart policy
 */
@ConfigurationProperties("atoll.agent")
public record AgentProperties(@DefaultValue("http://localhost:8080") URI controlPlaneUrl, String nodeName,
		@DefaultValue("4096") int memoryMb, @DefaultValue("8") int instanceSlots, Path imagesDir, Path workDir,
		@DefaultValue("qemu-system-aarch64") String qemuBinary, @DefaultValue("5s") Duration stopTimeout,
		String advertiseHost, @DefaultValue("true") boolean stopInstancesOnShutdown,
		@DefaultValue("3") int restartLimit, @DefaultValue("2s") Duration restartDelay,
		@DefaultValue("qemu") String backend, List<Board> boards, @DefaultValue("1MB") DataSize consoleLogSize,
		@DefaultValue("3") int consoleLogFiles, Map<String, String> labels, @DefaultValue("60s") Duration bootTimeout) {

	public static final String QEMU = "qemu";

	public static final String BOARD = "board";

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
		boards = (boards != null) ? List.copyOf(boards) : List.of();
		labels = (labels != null) ? Map.copyOf(labels) : Map.of();
		if (bootTimeout.isNegative() || bootTimeout.isZero()) {
			throw new IllegalArgumentException("atoll.agent.boot-timeout must be positive");
		}
		if (consoleLogSize.toBytes() <= 0 || consoleLogFiles < 0) {
			throw new IllegalArgumentException("atoll.agent.console-log-size must be positive, console-log-files >= 0");
		}
		if (!backend.equals(QEMU) && !backend.equals(BOARD)) {
			throw new IllegalArgumentException("atoll.agent.backend must be qemu or board, not '" + backend + "'");
		}
		if (backend.equals(BOARD) && boards.isEmpty()) {
			throw new IllegalArgumentException("atoll.agent.backend=board needs at least one atoll.agent.boards[n]");
		}
		if (boards.stream().map(Board::name).distinct().count() != boards.size()) {
			throw new IllegalArgumentException("atoll.agent.boards[n].name must be unique");
		}
	}

	/**
	 * One board a {@code board} node runs instances on (labgrid's power and serial
	 * drivers, as configuration). The commands run with {@code /bin/sh -c} and see
	 * {@code ATOLL_BOARD}, {@code ATOLL_TFTP_DIR} and {@code ATOLL_INSTANCE} in their
	 * environment.
	 *
	 * @param name unique on this node, e.g. {@code rpi4-3}
	 * @param type the board type, registered as a node label for scheduling
	 * @param powerOn command that powers the board on
	 * @param powerOff command that powers it off; must succeed when it is off already
	 * @param console the serial console: {@code tcp:HOST:PORT} (a TCP serial server such
	 * as ser2net) or the path of a serial device set up beforehand (e.g. by udev and
	 * stty)
	 * @param tftpDir where its boot artifacts and U-Boot script are placed
	 * @param tftpPath the directory as the TFTP server names it (U-Boot's file names are
	 * prefixed with it); empty when the server serves {@code tftpDir} as its root
	 */
	public record Board(String name, String type, String powerOn, String powerOff, String console, Path tftpDir,
			String tftpPath) {

		public Board {
			if (isBlank(name) || !name.matches("[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?")) {
				throw new IllegalArgumentException("atoll.agent.boards[n].name '" + name
						+ "' must be letters, digits, '.', '_' or '-', at most 63");
			}
			String board = "atoll.agent.boards[" + name + "].";
			if (isBlank(type) || isBlank(powerOn) || isBlank(powerOff) || isBlank(console) || tftpDir == null) {
				throw new IllegalArgumentException(
						board + "type, power-on, power-off, console and tftp-dir are required");
			}
			tftpPath = (tftpPath != null) ? tftpPath : "";
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
