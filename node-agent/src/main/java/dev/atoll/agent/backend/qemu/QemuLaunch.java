package dev.atoll.agent.backend.qemu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.atoll.agent.backend.BootImage;
import dev.atoll.agent.backend.InstanceSpec;

/**
 * The validated plan for launching one instance under QEMU: {@link #validate} checks
 * every argument first, and only a spec without problems becomes a command line.
 *
 * @param spec the instance
 * @param binary the QEMU executable
 * @param workDir the instance's work directory
 * @param kernel the image's kernel
 * @param initrd the image's initial ramdisk
 * @param powerdown whether the image declares that its kernel powers off on request, so
 * that a stop asks it to first
 */
record QemuLaunch(InstanceSpec spec, Path binary, Path workDir, Path kernel, Path initrd, boolean powerdown) {

	static final int MIN_MEMORY_MB = 64;

	static final int MAX_MEMORY_MB = 4096;

	static final String CONSOLE_SOCKET = "console.sock";

	static final String QMP_SOCKET = "qmp.sock";

	static final String PID_FILE = "qemu.pid";

	/**
	 * Checks every argument of the launch; the plan is only returned when there is no
	 * problem, otherwise all problems are listed.
	 */
	static Validation validate(InstanceSpec spec, QemuSettings settings) {
		List<String> problems = new ArrayList<>();
		if (spec.id() == null) {
			problems.add("instance id is missing");
		}
		if (spec.memoryMb() < MIN_MEMORY_MB || spec.memoryMb() > MAX_MEMORY_MB) {
			problems.add("memory " + spec.memoryMb() + " MB is outside " + MIN_MEMORY_MB + ".." + MAX_MEMORY_MB);
		}
		Optional<Path> binary = resolveBinary(settings.binary());
		if (binary.isEmpty()) {
			problems.add("QEMU binary '" + settings.binary() + "' is not an executable file");
		}
		Optional<BootImage> image = BootImage.resolve(settings.imagesDir(), spec.image(), problems);
		if (!problems.isEmpty()) {
			return new Validation.Invalid(problems);
		}
		Path workDir = settings.workDir().toAbsolutePath().resolve(spec.id().toString());
		BootImage boot = image.get();
		return new Validation.Valid(
				new QemuLaunch(spec, binary.get(), workDir, boot.kernel(), boot.initrd(), boot.powerdown()), boot);
	}

	/**
	 * The plan of a QEMU a previous agent launched in {@code workDir}, as its handle
	 * describes it: only its work directory and the files in it are known, nothing is
	 * ever launched from it.
	 */
	static QemuLaunch adopted(QemuHandle handle, Path workDir) {
		return new QemuLaunch(handle.spec(), null, workDir, null, null, handle.powerdown());
	}

	/**
	 * This launch booting {@code image}'s files (an initrd with a boot configuration).
	 */
	QemuLaunch booting(BootImage image) {
		return new QemuLaunch(this.spec, this.binary, this.workDir, image.kernel(), image.initrd(), image.powerdown());
	}

	Path consoleSocket() {
		return this.workDir.resolve(CONSOLE_SOCKET);
	}

	Path qmpSocket() {
		return this.workDir.resolve(QMP_SOCKET);
	}

	Path pidFile() {
		return this.workDir.resolve(PID_FILE);
	}

	/**
	 * The address to connect to one of the sockets of the running QEMU {@code pid}. A
	 * Unix socket path may have at most 107 bytes, which a deep work directory exceeds;
	 * QEMU runs in its work directory with relative socket names, and the agent reaches
	 * them through {@code /proc/<pid>/cwd}, which is always short.
	 */
	static Path socketOf(long pid, String socket) {
		return Path.of("/proc", Long.toString(pid), "cwd", socket);
	}

	Path consoleLog() {
		return this.workDir.resolve("console.log");
	}

	Path qemuLog() {
		return this.workDir.resolve("qemu.log");
	}

	/** The marker that names the instance's QEMU process ({@code -name}). */
	String processName() {
		return "atoll-" + this.spec.id();
	}

	/**
	 * The command line; it runs in {@link #workDir()}, which the socket paths are
	 * relative to. No NIC: the default one would need an option ROM that QEMU installed
	 * without recommended packages does not have, and no guest uses it yet.
	 */
	List<String> commandLine() {
		return List.of(this.binary.toString(), "-M", "virt", "-cpu", "cortex-a57", "-m", this.spec.memoryMb() + "M",
				"-nographic", "-nic", "none", "-no-reboot", "-name", processName(), "-kernel", this.kernel.toString(),
				"-initrd", this.initrd.toString(), "-chardev",
				"socket,id=console,path=" + CONSOLE_SOCKET + ",server=on,wait=on", "-serial", "chardev:console",
				"-monitor", "none", "-qmp", "unix:" + QMP_SOCKET + ",server=on,wait=off", "-pidfile", PID_FILE);
	}

	private static Optional<Path> resolveBinary(String binary) {
		if (binary == null || binary.isBlank()) {
			return Optional.empty();
		}
		if (binary.contains("/")) {
			Path path = Path.of(binary).toAbsolutePath();
			return isExecutable(path) ? Optional.of(path) : Optional.empty();
		}
		String searchPath = System.getenv("PATH");
		if (searchPath == null) {
			return Optional.empty();
		}
		for (String directory : searchPath.split(":")) {
			if (!directory.isEmpty()) {
				Path candidate = Path.of(directory, binary);
				if (isExecutable(candidate)) {
					return Optional.of(candidate);
				}
			}
		}
		return Optional.empty();
	}

	private static boolean isExecutable(Path path) {
		return Files.isRegularFile(path) && Files.isExecutable(path);
	}

	/** The outcome of {@link #validate}. */
	sealed interface Validation {

		/** The launch, and the image it boots as it is (without a boot configuration). */
		record Valid(QemuLaunch launch, BootImage image) implements Validation {
		}

		record Invalid(List<String> problems) implements Validation {
		}

	}

}
