package dev.atoll.api;

import java.util.regex.Pattern;

/**
 * The console sources of an instance and the limits of a console request
 * ({@link ApiPaths#INSTANCE_CONSOLE}), one definition for the agent that serves them and
 * the control plane that relays them.
 */
public final class ConsoleSources {

	/**
	 * A source name: {@code kernel} (kernel text outside frames), {@code system} (channel
	 * 0) or {@code console-N} (the task on channel N, 2..127; channels from 128 carry
	 * exec).
	 */
	public static final Pattern SOURCE = Pattern.compile("kernel|system|console-([2-9]|[1-9][0-9]|1[01][0-9]|12[0-7])");

	/** Query parameter: the source (default {@value #DEFAULT_SOURCE}). */
	public static final String SOURCE_PARAMETER = "source";

	/**
	 * Query parameter: how many past lines come first (default {@value #DEFAULT_LINES}).
	 */
	public static final String LINES_PARAMETER = "lines";

	/** Query parameter: {@code true} keeps the stream open for new lines. */
	public static final String FOLLOW_PARAMETER = "follow";

	public static final String DEFAULT_SOURCE = "system";

	public static final int DEFAULT_LINES = 100;

	/** The most past lines one request may ask for. */
	public static final int MAX_LINES = 10_000;

	private ConsoleSources() {
	}

}
