package dev.atoll.agent.console;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.atoll.agent.telemetry.TelemetryParse;
import dev.atoll.agent.telemetry.TelemetryParser;
import dev.atoll.agent.telemetry.TelemetryRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decoded serial console of one instance: demultiplexes the frames of a
 * {@link FrameDecoder} (channel 0 the system log, channel 1 telemetry, 2..127 per-task
 * consoles, 128..255 {@link ExecReplies exec replies}), keeps the last lines of every
 * source for reports and the last telemetry record. Fed by the backend's reader thread,
 * read by the reconciler: every method is synchronized.
 */
public final class InstanceConsole {

	/** How many console lines an instance keeps for its reports. */
	public static final int TAIL_LINES = 50;

	static final int SYSTEM_CHANNEL = 0;

	static final int TELEMETRY_CHANNEL = 1;

	private static final int MAX_CONSOLE_LINE = 512;

	/** How the kernel's {@code panic()} begins its line. */
	static final String KERNEL_PANIC = "KERNEL PANIC:";

	/** How the kernel says it stopped for good (after a panic, or a DebugHalt). */
	static final String KERNEL_HALTED = "kernel: halted";

	/**
	 * How the root task begins the system-log line that rejects its boot configuration.
	 */
	static final String CONFIG_REJECTED = "boot config ";

	private static final Logger logger = LoggerFactory.getLogger(InstanceConsole.class);

	private final String instanceName;

	private final Clock clock;

	private final Runnable onTelemetry;

	private final FrameDecoder decoder;

	/** Per-source logs and live followers; null when the lines go nowhere else. */
	private final ConsoleChannels channels;

	private final ArrayDeque<String> tail = new ArrayDeque<>(TAIL_LINES);

	private final Map<Integer, LineSplitter> taskConsoles = new HashMap<>();

	private final ExecReplies execReplies = new ExecReplies();

	private TelemetryRecord lastRecord;

	private Instant telemetryAt;

	private long records;

	/** Records and further parts taken: a change wakes the reconciler. */
	private long parts;

	private long malformedRecords;

	private boolean ended;

	private String halted;

	/** The root task's system-log line rejecting its boot configuration, or null. */
	private String configRejected;

	/**
	 * @param instanceName names the instance in the agent's log
	 * @param clock stamps telemetry records
	 * @param onTelemetry called (on the feeding thread) after each decoded record
	 */
	public InstanceConsole(String instanceName, Clock clock, Runnable onTelemetry) {
		this(instanceName, clock, onTelemetry, null);
	}

	/**
	 * @param instanceName names the instance in the agent's log
	 * @param clock stamps telemetry records
	 * @param onTelemetry called (on the feeding thread) after each decoded record
	 * @param channels where every decoded line is also recorded and followed, by source;
	 * closed when the console ends (null: nowhere)
	 */
	public InstanceConsole(String instanceName, Clock clock, Runnable onTelemetry, ConsoleChannels channels) {
		this.instanceName = instanceName;
		this.clock = clock;
		this.onTelemetry = onTelemetry;
		this.channels = channels;
		this.decoder = new FrameDecoder(new Demultiplexer());
	}

	/** Per-source logs and followers of this console, if it has them. */
	public ConsoleChannels channels() {
		return this.channels;
	}

	/** The exec replies decoded from this console (channels 128..255). */
	public ExecReplies execReplies() {
		return this.execReplies;
	}

	/** Feeds raw serial bytes; ignored once the console {@link #end() ended}. */
	public void feed(byte[] data, int from, int length) {
		boolean recorded;
		synchronized (this) {
			if (this.ended) {
				return;
			}
			long before = this.parts;
			this.decoder.feed(data, from, length);
			recorded = this.parts != before;
		}
		if (recorded) {
			this.onTelemetry.run();
		}
	}

	/** The serial line closed: flush what is pending. */
	public synchronized void end() {
		if (!this.ended) {
			this.ended = true;
			this.decoder.finish();
			this.taskConsoles.values().forEach(LineSplitter::flush);
			this.execReplies.end();
			if (this.channels != null) {
				this.channels.close();
			}
		}
	}

	/** A consistent view of the console right now. */
	public synchronized ConsoleSnapshot snapshot() {
		return new ConsoleSnapshot(List.copyOf(this.tail), this.lastRecord, this.telemetryAt, this.records,
				this.malformedRecords, this.decoder.counters(), this.halted, this.configRejected);
	}

	private void line(String source, String line) {
		if (line.isBlank()) {
			return;
		}
		if (this.tail.size() == TAIL_LINES) {
			this.tail.removeFirst();
		}
		String entry = "[" + source + "] " + line;
		this.tail.addLast(entry);
		if (this.channels != null) {
			this.channels.line(source.replace(' ', '-'), line);
		}
		logger.debug("{} {}", this.instanceName, entry);
	}

	/**
	 * A record, or a further part of the last one ({@code part=2, 3, ...}), which is
	 * joined to it. A part that does not continue the last record is dropped and counted
	 * malformed: its first part was lost.
	 */
	private void telemetry(byte[] payload) {
		TelemetryParse parse = TelemetryParser.parse(new String(payload, StandardCharsets.UTF_8));
		if (parse instanceof TelemetryParse.Parsed(TelemetryRecord record)) {
			if (record.part() == 1) {
				this.lastRecord = record;
				this.telemetryAt = this.clock.instant();
				this.records++;
				this.parts++;
			}
			else if (this.lastRecord != null && this.lastRecord.continuedBy(record)) {
				this.lastRecord = this.lastRecord.join(record);
				this.telemetryAt = this.clock.instant();
				this.parts++;
			}
			else {
				this.malformedRecords++;
				logger.debug("{} telemetry part {} of seq {} continues no record", this.instanceName, record.part(),
						record.seq());
			}
		}
		else if (parse instanceof TelemetryParse.Malformed(String reason)) {
			this.malformedRecords++;
			logger.debug("{} malformed telemetry record: {}", this.instanceName, reason);
		}
	}

	private final class Demultiplexer implements FrameDecoder.Listener {

		@Override
		public void frame(int channel, byte[] payload) {
			switch (channel) {
				case SYSTEM_CHANNEL -> {
					// A system payload holds whole lines: its end ends a line.
					for (String text : new String(payload, StandardCharsets.UTF_8).split("\r?\n")) {
						line("system", text);
						if (InstanceConsole.this.configRejected == null && text.startsWith(CONFIG_REJECTED)
								&& text.contains(" rejected: ")) {
							InstanceConsole.this.configRejected = text;
						}
					}
				}
				case TELEMETRY_CHANNEL -> telemetry(payload);
				default -> {
					if (channel >= ExecReplies.EXEC_CHANNEL) {
						InstanceConsole.this.execReplies.frame(channel - ExecReplies.EXEC_CHANNEL, payload);
						return;
					}
					InstanceConsole.this.taskConsoles
						.computeIfAbsent(channel,
								(key) -> new LineSplitter(MAX_CONSOLE_LINE, (text) -> line("console " + key, text)))
						.accept(payload);
				}
			}
		}

		@Override
		public void kernelLine(String text) {
			line("kernel", text);
			if (InstanceConsole.this.halted == null
					&& (text.startsWith(KERNEL_PANIC) || text.startsWith(KERNEL_HALTED))) {
				InstanceConsole.this.halted = text;
			}
		}

	}

}
