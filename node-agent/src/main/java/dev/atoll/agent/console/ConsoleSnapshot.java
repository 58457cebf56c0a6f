package dev.atoll.agent.console;

import java.time.Instant;
import java.util.List;

import dev.atoll.agent.telemetry.TelemetryRecord;

/**
 * The state of an instance's console at one moment.
 *
 * @param tail last console lines, oldest first, each prefixed by its source
 * ({@code [kernel]}, {@code [system]}, {@code [console N]})
 * @param lastRecord the last well-formed telemetry record, or null before the first
 * @param telemetryAt when that record was decoded, or null
 * @param records well-formed telemetry records so far
 * @param malformedRecords telemetry payloads rejected so far
 * @param frames the frame decoder's counters
 * @param halted the kernel line that said the kernel halted ({@code KERNEL PANIC: …} or
 * {@code kernel: halted …}), or null while it did not
 * @param configRejected the root task's system-log line rejecting its boot configuration
 * ({@code boot config SOURCE rejected: MESSAGE}), or null
 */
public record ConsoleSnapshot(List<String> tail, TelemetryRecord lastRecord, Instant telemetryAt, long records,
		long malformedRecords, FrameCounters frames, String halted, String configRejected) {
}
