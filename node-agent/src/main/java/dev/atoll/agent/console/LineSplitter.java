package dev.atoll.agent.console;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Splits a byte stream into lines at LF, dropping CR; a line that reaches the maximum
 * length is delivered as it is so that no stream can grow a buffer without bound.
 */
final class LineSplitter {

	private final byte[] line;

	private final Consumer<String> sink;

	private int length;

	LineSplitter(int maxLength, Consumer<String> sink) {
		this.line = new byte[maxLength];
		this.sink = sink;
	}

	void accept(int value) {
		if (value == '\n') {
			emit();
			return;
		}
		if (value == '\r') {
			return;
		}
		this.line[this.length++] = (byte) value;
		if (this.length == this.line.length) {
			emit();
		}
	}

	void accept(byte[] data) {
		for (byte value : data) {
			accept(value & 0xFF);
		}
	}

	/** Delivers a partial line, if any. */
	void flush() {
		if (this.length > 0) {
			emit();
		}
	}

	private void emit() {
		String text = new String(this.line, 0, this.length, StandardCharsets.UTF_8);
		this.length = 0;
		this.sink.accept(text);
	}

}
