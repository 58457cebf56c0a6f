package dev.atoll.agent.telemetry;

/** The outcome of parsing one telemetry payload: a record, or why it was rejected. */
public sealed interface TelemetryParse {

	/** The payload was a well-formed record. */
	record Parsed(TelemetryRecord record) implements TelemetryParse {
	}

	/** The payload was rejected as a whole; nothing of it is used. */
	record Malformed(String reason) implements TelemetryParse {
	}

}
