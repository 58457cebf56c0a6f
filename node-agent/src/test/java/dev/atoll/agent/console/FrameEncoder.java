package dev.atoll.agent.console;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Test-only encoder of frame format v1, written from docs/frame-format.md; every agent
 * test that feeds serial bytes builds its frames here.
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

	public static byte[] frame(int version, int channel, byte[] payload) {
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
