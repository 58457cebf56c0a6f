package dev.atoll.agent.console;

import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Incremental decoder of the serial frame format v1 ({@code docs/frame-format.md}): bytes
 * arrive in chunks of any size; CRC-valid frames go to their channel, printable bytes
 * outside frames form the kernel's lines, everything else is counted and dropped.
 * <p>
 * A damaged frame is never delivered, and its bytes are never taken for kernel text
 * either: after a corrupt frame the decoder resumes scanning at the byte after its sync
 * pair (a damaged length must not swallow the next good frame), but printable bytes
 * within the extent the bad header claimed are counted as noise. A good frame found
 * inside that extent ends it.
 * <p>
 * Not thread-safe: one reader feeds it.
 */
public final class FrameDecoder {

	/** Largest payload a version 1 frame may carry. */
	public static final int MAX_PAYLOAD = 1024;

	static final int SYNC_0 = 0xA5;

	static final int SYNC_1 = 0x5A;

	static final int VERSION = 1;

	static final int HEADER_SIZE = 6;

	static final int CRC_SIZE = 4;

	private static final int MAX_KERNEL_LINE = 512;

	private final Listener listener;

	private final LineSplitter kernelLines;

	/** Unconsumed bytes: buffer[start..end) begins at stream offset {@link #offset}. */
	private byte[] buffer = new byte[2 * (HEADER_SIZE + MAX_PAYLOAD + CRC_SIZE)];

	private int start;

	private int end;

	private long offset;

	/** Stream offset before which printable bytes belong to a damaged frame. */
	private long quarantineEnd;

	private boolean finished;

	private long frames;

	private long corrupt;

	private long noise;

	public FrameDecoder(Listener listener) {
		this.listener = listener;
		this.kernelLines = new LineSplitter(MAX_KERNEL_LINE, listener::kernelLine);
	}

	/** Feeds the next bytes of the serial stream. */
	public void feed(byte[] data, int from, int length) {
		if (this.finished) {
			throw new IllegalStateException("decoder already finished");
		}
		append(data, from, length);
		decode();
	}

	/** Feeds the next bytes of the serial stream. */
	public void feed(byte[] data) {
		feed(data, 0, data.length);
	}

	/**
	 * Ends the stream: an incomplete frame at the end counts as corrupt (and good frames
	 * after its sync are still delivered), a partial kernel line is delivered.
	 */
	public void finish() {
		if (this.finished) {
			return;
		}
		this.finished = true;
		decode();
		this.kernelLines.flush();
	}

	/** Counters so far. */
	public FrameCounters counters() {
		return new FrameCounters(this.frames, this.corrupt, this.noise);
	}

	private void decode() {
		while (this.start < this.end) {
			int first = this.buffer[this.start] & 0xFF;
			if (first != SYNC_0) {
				outside(first);
				consume(1);
				continue;
			}
			if (!decodeFrameAtStart()) {
				return;
			}
		}
	}

	/**
	 * Tries to decode a frame at the sync byte at the start of the buffer. Returns false
	 * when more bytes are needed, true when it consumed something.
	 */
	private boolean decodeFrameAtStart() {
		int available = this.end - this.start;
		if (available < 2) {
			return truncated(available);
		}
		if ((this.buffer[this.start + 1] & 0xFF) != SYNC_1) {
			this.noise++;
			consume(1);
			return true;
		}
		if (available < HEADER_SIZE) {
			return truncated(available);
		}
		int version = this.buffer[this.start + 2] & 0xFF;
		int channel = this.buffer[this.start + 3] & 0xFF;
		int length = (this.buffer[this.start + 4] & 0xFF) | ((this.buffer[this.start + 5] & 0xFF) << 8);
		if (version != VERSION || length > MAX_PAYLOAD) {
			rejectAtStart(HEADER_SIZE);
			return true;
		}
		int frameSize = HEADER_SIZE + length + CRC_SIZE;
		if (available < frameSize) {
			return truncated(available);
		}
		if (crcOf(this.start, length) != storedCrc(this.start + HEADER_SIZE + length)) {
			rejectAtStart(frameSize);
			return true;
		}
		byte[] payload = Arrays.copyOfRange(this.buffer, this.start + HEADER_SIZE, this.start + HEADER_SIZE + length);
		// A good frame ends any quarantine: the damaged frame before it lied about its
		// length.
		this.quarantineEnd = Math.min(this.quarantineEnd, this.offset);
		this.frames++;
		consume(frameSize);
		this.listener.frame(channel, payload);
		return true;
	}

	/** Waits for more bytes, or at the end of the stream gives the candidate up. */
	private boolean truncated(int available) {
		if (!this.finished) {
			return false;
		}
		if (available < 2) {
			this.noise++;
			consume(1);
		}
		else {
			rejectAtStart(available);
		}
		return true;
	}

	/** Counts a corrupt frame, drops its sync pair and quarantines what it claimed. */
	private void rejectAtStart(int claimedSize) {
		this.corrupt++;
		this.quarantineEnd = Math.max(this.quarantineEnd, this.offset + claimedSize);
		consume(2);
	}

	private void outside(int value) {
		boolean text = (value >= 0x20 && value < 0x7F) || value == '\t' || value == '\r' || value == '\n';
		if (text && this.offset >= this.quarantineEnd) {
			this.kernelLines.accept(value);
		}
		else {
			this.noise++;
		}
	}

	private long crcOf(int frameStart, int length) {
		CRC32 crc = new CRC32();
		crc.update(this.buffer, frameStart + 2, HEADER_SIZE - 2 + length);
		return crc.getValue();
	}

	private long storedCrc(int at) {
		return (this.buffer[at] & 0xFFL) | ((this.buffer[at + 1] & 0xFFL) << 8) | ((this.buffer[at + 2] & 0xFFL) << 16)
				| ((this.buffer[at + 3] & 0xFFL) << 24);
	}

	private void consume(int count) {
		this.start += count;
		this.offset += count;
		if (this.start == this.end) {
			this.start = 0;
			this.end = 0;
		}
	}

	private void append(byte[] data, int from, int length) {
		if (this.end + length > this.buffer.length) {
			int pending = this.end - this.start;
			if (pending + length > this.buffer.length) {
				this.buffer = Arrays.copyOf(Arrays.copyOfRange(this.buffer, this.start, this.end),
						Math.max(this.buffer.length * 2, pending + length));
			}
			else {
				System.arraycopy(this.buffer, this.start, this.buffer, 0, pending);
			}
			this.start = 0;
			this.end = pending;
		}
		System.arraycopy(data, from, this.buffer, this.end, length);
		this.end += length;
	}

	/** Receives what the decoder finds. Called on the feeding thread. */
	public interface Listener {

		/** A CRC-valid frame. */
		void frame(int channel, byte[] payload);

		/** One line of kernel text, without its line end. */
		void kernelLine(String line);

	}

}
