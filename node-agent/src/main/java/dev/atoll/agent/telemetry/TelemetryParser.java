package dev.atoll.agent.telemetry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.atoll.api.EndpointReport;
import dev.atoll.api.TaskReport;

/**
 * Parses telemetry records, version 1, as {@code docs/frame-format.md} defines them.
 * Unknown keys and unknown line kinds are ignored so that a newer root task can add
 * fields; a record with a wrong header, a bad number or a bad name is rejected whole.
 */
public final class TelemetryParser {

	static final String MAGIC = "atoll-telemetry";

	static final String VERSION = "1";

	/** More parts than a record of the root task's 8 tasks can need. */
	static final int MAX_PARTS = 64;

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

	private TelemetryParser() {
	}

	/** Parses one record's text; never throws. */
	public static TelemetryParse parse(String text) {
		try {
			return new TelemetryParse.Parsed(parseRecord(text));
		}
		catch (MalformedRecordException ex) {
			return new TelemetryParse.Malformed(ex.getMessage());
		}
	}

	private static TelemetryRecord parseRecord(String text) {
		String[] lines = text.split("\n", -1);
		String[] header = lines[0].split(" ", -1);
		if (header.length < 2 || !MAGIC.equals(header[0])) {
			throw new MalformedRecordException("header does not start with '" + MAGIC + "'");
		}
		if (!VERSION.equals(header[1])) {
			throw new MalformedRecordException("unsupported record version '" + abbreviate(header[1]) + "'");
		}
		Map<String, String> fields = fields(header, 2, "header");
		long seq = number(fields, "seq", "header", Long.MAX_VALUE, true);
		long uptimeMs = number(fields, "uptime_ms", "header", Long.MAX_VALUE, true);
		int part = (int) number(fields, "part", "header", MAX_PARTS, false);
		if (fields.containsKey("part") && part < 2) {
			throw new MalformedRecordException("header: part must be 2.." + MAX_PARTS + " when present");
		}
		List<TaskReport> tasks = new ArrayList<>();
		List<TelemetryRecord.Linked> linked = new ArrayList<>();
		List<EndpointReport> endpoints = new ArrayList<>();
		String configError = null;
		boolean complete = false;
		for (int i = 1; i < lines.length; i++) {
			String line = lines[i];
			if (line.isEmpty()) {
				continue;
			}
			String[] tokens = line.split(" ", -1);
			String where = "line " + (i + 1);
			switch (tokens[0]) {
				case "task" -> tasks.add(task(fields(tokens, 1, where)));
				case "endpoint" -> endpoints.add(endpoint(fields(tokens, 1, where), where));
				case "linked" -> {
					Map<String, String> items = fields(tokens, 1, where);
					linked.add(new TelemetryRecord.Linked(name(items, "name", where), name(items, "user", where)));
				}
				case "config" -> {
					Map<String, String> items = fields(tokens, 1, where);
					if ("rejected".equals(items.get("state"))) {
						configError = name(items, "error", where);
					}
					complete = true;
				}
				case "total" -> complete = true;
				default -> {
					// A newer root task's line kind: ignored.
				}
			}
		}
		return new TelemetryRecord(seq, uptimeMs, tasks, linked, endpoints, configError, Math.max(part, 1), complete);
	}

	private static TaskReport task(Map<String, String> fields) {
		String name = fields.get("name");
		if (name == null || !NAME.matcher(name).matches()) {
			throw new MalformedRecordException("task without a valid name");
		}
		String where = "task " + name;
		return new TaskReport(name, word(fields, "kind", where), word(fields, "state", where),
				(int) number(fields, "prio", where, 255, false),
				number(fields, "mem_used", where, Long.MAX_VALUE, false),
				number(fields, "mem_budget", where, Long.MAX_VALUE, false));
	}

	/**
	 * An {@code endpoint} line: {@code name}, {@code server} and every client a valid
	 * name ({@code clients=-} or none: no clients), {@code messages} a number.
	 */
	private static EndpointReport endpoint(Map<String, String> fields, String where) {
		String name = name(fields, "name", where);
		String server = name(fields, "server", where);
		String clientList = fields.getOrDefault("clients", "-");
		List<String> clients = new ArrayList<>();
		if (!clientList.equals("-")) {
			for (String client : clientList.split(",", -1)) {
				if (!NAME.matcher(client).matches() || clients.contains(client)) {
					throw new MalformedRecordException(where + ": bad clients '" + abbreviate(clientList) + "'");
				}
				clients.add(client);
			}
		}
		return new EndpointReport(name, server, clients, number(fields, "messages", where, Long.MAX_VALUE, false));
	}

	private static String name(Map<String, String> fields, String key, String where) {
		String value = fields.get(key);
		if (value == null || !NAME.matcher(value).matches()) {
			throw new MalformedRecordException(where + ": no valid " + key);
		}
		return value;
	}

	private static Map<String, String> fields(String[] tokens, int from, String where) {
		Map<String, String> fields = new HashMap<>();
		for (int i = from; i < tokens.length; i++) {
			int equals = tokens[i].indexOf('=');
			if (equals <= 0) {
				throw new MalformedRecordException(where + ": '" + abbreviate(tokens[i]) + "' is not key=value");
			}
			if (fields.putIfAbsent(tokens[i].substring(0, equals), tokens[i].substring(equals + 1)) != null) {
				throw new MalformedRecordException(where + ": duplicate key '" + abbreviate(tokens[i]) + "'");
			}
		}
		return fields;
	}

	private static String word(Map<String, String> fields, String key, String where) {
		String value = fields.getOrDefault(key, "");
		if (!value.isEmpty() && !NAME.matcher(value).matches()) {
			throw new MalformedRecordException(where + ": bad " + key + " '" + abbreviate(value) + "'");
		}
		return value;
	}

	private static long number(Map<String, String> fields, String key, String where, long max, boolean required) {
		String value = fields.get(key);
		if (value == null) {
			if (required) {
				throw new MalformedRecordException(where + ": missing " + key);
			}
			return 0;
		}
		try {
			long number = Long.parseLong(value);
			if (number < 0 || number > max || !value.equals(Long.toString(number))) {
				throw new NumberFormatException();
			}
			return number;
		}
		catch (NumberFormatException ex) {
			throw new MalformedRecordException(
					where + ": " + key + " is not a number 0.." + max + ": '" + abbreviate(value) + "'");
		}
	}

	private static String abbreviate(String value) {
		return (value.length() <= 32) ? value : value.substring(0, 32) + "...";
	}

	/** Internal to the parser; {@link #parse(String)} turns it into a value. */
	private static final class MalformedRecordException extends RuntimeException {

		MalformedRecordException(String message) {
			super(message, null, false, false);
		}

	}

}
