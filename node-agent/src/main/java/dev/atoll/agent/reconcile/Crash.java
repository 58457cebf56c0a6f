package dev.atoll.agent.reconcile;

import java.time.Duration;

/**
 * Why an instance stopped running on its own, classified: a failure of the infrastructure
 * (QEMU killed, QEMU failing) or of the system under test (its kernel halted or panicked,
 * the guest shut itself down).
 *
 * @param cause who is to blame
 * @param what what was seen
 */
record Crash(Cause cause, String what) {

	enum Cause {

		INFRASTRUCTURE("infrastructure failure"), SYSTEM_UNDER_TEST("failure of the system under test");

		private final String label;

		Cause(String label) {
			this.label = label;
		}

	}

	/** The kernel halted (a panic or a halt) while QEMU kept running. */
	static Crash kernelHalted(String line) {
		return new Crash(Cause.SYSTEM_UNDER_TEST, "the kernel halted: " + line);
	}

	/**
	 * Launched, but no telemetry record came within {@code timeout}: the kernel or the
	 * root task hangs (or never started); {@code lastLine} is the console's last line, or
	 * null.
	 */
	static Crash silentBoot(Duration timeout, String lastLine) {
		return new Crash(Cause.SYSTEM_UNDER_TEST, "no telemetry record within " + timeout.toSeconds()
				+ " s of the launch" + ((lastLine != null) ? " (last console line: " + lastLine + ")" : ""));
	}

	/**
	 * QEMU exited on its own with {@code exitCode} (-1 when unknown); {@code halted} is
	 * the kernel's halt line if the console showed one, else null.
	 */
	static Crash qemuExited(int exitCode, String halted) {
		if (halted != null) {
			return kernelHalted(halted);
		}
		if (exitCode == 0) {
			// -no-reboot: a guest that resets or powers off makes QEMU exit with 0.
			return new Crash(Cause.SYSTEM_UNDER_TEST, "the guest shut down or reset (QEMU exit code 0)");
		}
		if (exitCode < 0) {
			return new Crash(Cause.INFRASTRUCTURE, "QEMU exited unexpectedly (adopted: its exit code is unknown)");
		}
		String signal = (exitCode > 128 && exitCode < 160) ? " (killed by signal " + (exitCode - 128) + ")" : "";
		return new Crash(Cause.INFRASTRUCTURE, "QEMU exited unexpectedly with exit code " + exitCode + signal);
	}

	String describe() {
		return this.cause.label + ": " + this.what;
	}

}
