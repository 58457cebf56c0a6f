package dev.atoll.agent.system;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A log file bounded by size and count (logback's fixed-window rolling): {@code name}
 * grows to {@code maxBytes}, then becomes {@code name.1}, the previous {@code name.1}
 * becomes {@code name.2} and so on; beyond {@code keep} old files the oldest is deleted.
 * So an instance that prints forever uses at most {@code (keep + 1) × maxBytes}. Not
 * thread safe: one writer (a console reader thread) owns it.
 */
public final class RotatingFile implements AutoCloseable {

	/** An instance's raw serial log ({@code console.log}) rotates at this size... */
	public static final long RAW_CONSOLE_BYTES = 4L << 20;

	/** ...keeping this many older files: the decoded per-source logs keep the rest. */
	public static final int RAW_CONSOLE_FILES = 1;

	private final Path file;

	private final long maxBytes;

	private final int keep;

	private OutputStream out;

	private long size;

	/**
	 * Opens {@code file} for appending (or, when {@code truncate}, anew); old rotations
	 * are kept either way.
	 */
	public RotatingFile(Path file, long maxBytes, int keep, boolean truncate) throws IOException {
		if (maxBytes <= 0 || keep < 0) {
			throw new IllegalArgumentException("maxBytes must be positive and keep >= 0");
		}
		this.file = file;
		this.maxBytes = maxBytes;
		this.keep = keep;
		Files.createDirectories(file.toAbsolutePath().getParent());
		open(truncate);
	}

	/**
	 * An instance's raw serial log, {@code console.log} in its work directory, appended
	 * to (an adopted instance) or begun anew.
	 */
	public static RotatingFile rawConsole(Path workDir, boolean append) throws IOException {
		return new RotatingFile(workDir.resolve("console.log"), RAW_CONSOLE_BYTES, RAW_CONSOLE_FILES, !append);
	}

	/**
	 * Appends the bytes; rotates first when they would take the file past its size,
	 * unless it is empty (a chunk larger than the limit still goes somewhere whole).
	 */
	public void write(byte[] data, int from, int length) throws IOException {
		if (this.size > 0 && this.size + length > this.maxBytes) {
			rotate();
		}
		this.out.write(data, from, length);
		this.out.flush();
		this.size += length;
	}

	public Path file() {
		return this.file;
	}

	/** The file's {@code n}th rotation ({@code name.n}), 1 the newest. */
	public Path rotation(int n) {
		return this.file.resolveSibling(this.file.getFileName() + "." + n);
	}

	private void rotate() throws IOException {
		this.out.close();
		if (this.keep == 0) {
			Files.deleteIfExists(this.file);
		}
		else {
			Files.deleteIfExists(rotation(this.keep));
			for (int n = this.keep - 1; n >= 1; n--) {
				if (Files.exists(rotation(n))) {
					Files.move(rotation(n), rotation(n + 1), StandardCopyOption.REPLACE_EXISTING);
				}
			}
			Files.move(this.file, rotation(1), StandardCopyOption.REPLACE_EXISTING);
		}
		open(true);
	}

	private void open(boolean truncate) throws IOException {
		this.out = Files.newOutputStream(this.file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				truncate ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND);
		this.size = Files.size(this.file);
	}

	@Override
	public void close() throws IOException {
		this.out.close();
	}

}
