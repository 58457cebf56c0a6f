package dev.atoll.agent.console;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Encoder of frame format v1 (docs/frame-format.md): the frames the agent sends to a
 * guest (console input, exec requests); every agent test that feeds serial bytes builds
 * its frames here too.
 */
public final class FrameEncoder {

	private FrameEncoder() {
	}

	public static byte[] frame(int channel, byte[] payload) {
		return frame(1, channel, payload);
	}

	public static byte[] frame(int channel, String payload) {
		return frame(channel, payload.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * One frame; {@code version} is 1 except in tests that build damaged frames. Throws
	 * when the payload is longer than a frame carries.
	 */
	public static byte[] frame(int version, int channel, byte[] payload) {
		if (payload.length > FrameDecoder.MAX_PAYLOAD || channel < 0 || channel > 255) {
			throw new IllegalArgumentException(
					"a frame carries at most " + FrameDecoder.MAX_PAYLOAD + " bytes on channels 0..255");
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(0xA5);
		out.write(0x5A);
		out.write(version);
		out.write(channel);
		out.write(payload.length & 0xFF);
		out.write((payload.length >>> 8) & 0xFF);
		out.writeBytes(payload);
		byte[] frame = out.toByteArray();
		CRC32 crc = new CRC32();
		crc.update(frame, 2, frame.length - 2);
		long value = crc.getValue();
		out.write((int) (value & 0xFF));
		out.write((int) ((value >>> 8) & 0xFF));
		out.write((int) ((value >>> 16) & 0xFF));
		out.write((int) ((value >>> 24) & 0xFF));
		return out.toByteArray();
	}

	public static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

	public static byte[] text(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
