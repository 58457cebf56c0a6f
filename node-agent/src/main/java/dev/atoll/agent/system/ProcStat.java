package dev.atoll.agent.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One line of {@code /proc/<pid>/stat} (Linux), the fields the agent uses: the start time
 * that tells a process from a later one with the same pid, CPU time and resident memory.
 *
 * @param pid the process id
 * @param state the state letter ({@code R}, {@code S}, {@code Z} …)
 * @param startTimeTicks when the process started, in clock ticks after boot
 * @param cpuTicks user plus system CPU time, in clock ticks
 * @param residentPages resident set size, in pages
 */
public record ProcStat(long pid, char state, long startTimeTicks, long cpuTicks, long residentPages) {

	/**
	 * Clock ticks per second ({@code sysconf(_SC_CLK_TCK)}), 100 on every Linux we run.
	 */
	public static final long TICKS_PER_SECOND = 100;

	/** Reads the process's stat line; empty when it is gone or unreadable. */
	public static Optional<ProcStat> of(long pid) {
		try {
			return parse(pid, Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	/** Parses a stat line; empty when it is malformed. */
	static Optional<ProcStat> parse(long pid, String line) {
		// The command name (field 2) is in parentheses and may hold spaces and ')'.
		int end = line.lastIndexOf(')');
		if (end < 0) {
			return Optional.empty();
		}
		String[] fields = line.substring(end + 1).trim().split("\\s+");
		// fields[0] is field 3 (state); field n is fields[n - 3].
		if (fields.length < 22 || fields[0].isEmpty()) {
			return Optional.empty();
		}
		try {
			long cpu = Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
			return Optional.of(new ProcStat(pid, fields[0].charAt(0), Long.parseLong(fields[22 - 3]), cpu,
					Long.parseLong(fields[24 - 3])));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

	/** Whether the process runs (a zombie has exited already). */
	public boolean alive() {
		return this.state != 'Z' && this.state != 'X';
	}

	/**
	 * The process's resident memory from {@code VmRSS} in {@code /proc/<pid>/status} (in
	 * bytes, whatever the page size); empty when it is gone.
	 */
	public static OptionalLong residentBytes(long pid) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
				if (line.startsWith("VmRSS:")) {
					String[] fields = line.substring(6).trim().split("\\s+");
					return OptionalLong.of(Long.parseLong(fields[0]) * 1024);
				}
			}
			return OptionalLong.empty();
		}
		catch (IOException | NumberFormatException ex) {
			return OptionalLong.empty();
		}
	}

	public double cpuSeconds() {
		return (double) this.cpuTicks / TICKS_PER_SECOND;
	}

}
