package dev.atoll.agent.console;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static dev.atoll.agent.console.FrameEncoder.concat;
import static dev.atoll.agent.console.FrameEncoder.frame;
import static dev.atoll.agent.console.FrameEncoder.text;
import static org.assertj.core.api.Assertions.assertThat;

class FrameDecoderTests {

	private final Recorder recorder = new Recorder();

	private final FrameDecoder decoder = new FrameDecoder(this.recorder);

	@Test
	void validFramesFedOneByteAtATimeAreDelivered() {
		byte[] stream = concat(frame(0, "Atoll root task\n"), frame(1, "atoll-telemetry 1 seq=0 uptime_ms=1\n"),
				frame(7, new byte[0]));

		for (byte value : stream) {
			this.decoder.feed(new byte[] { value });
		}

		assertThat(this.recorder.frames).containsExactly("0:Atoll root task\n",
				"1:atoll-telemetry 1 seq=0 uptime_ms=1\n", "7:");
		assertThat(this.decoder.counters()).isEqualTo(new FrameCounters(3, 0, 0));
	}

	@Test
	void validFramesInOneChunkAreDelivered() {
		byte[] big = new byte[FrameDecoder.MAX_PAYLOAD];
		Arrays.fill(big, (byte) 'x');

		this.decoder.feed(concat(frame(0, "a\n"), frame(2, big), frame(255, "z")));

		assertThat(this.recorder.frames).containsExactly("0:a\n", "2:" + "x".repeat(1024), "255:z");
		assertThat(this.decoder.counters().corrupt()).isZero();
	}

	@Test
	void kernelTextBetweenFramesBecomesKernelLines() {
		this.decoder.feed(concat(text("Atoll kernel v0\r\nboot"), frame(0, "banner\n"), text("ing done\n"),
				frame(1, "r"), text("tail without newline")));
		this.decoder.finish();

		assertThat(this.recorder.kernelLines).containsExactly("Atoll kernel v0", "booting done",
				"tail without newline");
		assertThat(this.recorder.frames).containsExactly("0:banner\n", "1:r");
		assertThat(this.decoder.counters().noise()).isZero();
	}

	@Test
	void bytesThatAreNeitherTextNorFramesAreNoise() {
		this.decoder.feed(new byte[] { 0x00, 0x01, (byte) 0xA5, 0x41, (byte) 0xFF, '\n' });

		assertThat(this.decoder.counters().noise()).isEqualTo(4);
		assertThat(this.recorder.kernelLines).containsExactly("A");
	}

	@Test
	void frameWithCorruptedCrcIsCountedAndNothingOfItIsDelivered() {
		byte[] bad = frame(0, "secret system line\n");
		bad[bad.length - 1] ^= 0x01;

		this.decoder.feed(concat(bad, frame(0, "good\n"), text("kernel\n")));

		assertThat(this.recorder.frames).containsExactly("0:good\n");
		assertThat(this.recorder.kernelLines).containsExactly("kernel");
		assertThat(this.decoder.counters().corrupt()).isEqualTo(1);
	}

	@Test
	void frameWithCorruptedPayloadIsNeverAttributedToTheKernelEither() {
		byte[] bad = frame(1, "task name=root kind=root\n");
		bad[10] ^= 0x20;

		this.decoder.feed(concat(bad, text("after\n")));

		assertThat(this.recorder.frames).isEmpty();
		assertThat(this.recorder.kernelLines).containsExactly("after");
		assertThat(this.decoder.counters().corrupt()).isEqualTo(1);
	}

	@Test
	void corruptedLengthDoesNotSwallowTheNextGoodFrame() {
		byte[] bad = frame(0, "short\n");
		bad[4] = (byte) 200;
		byte[] good = frame(0, "next frame\n");
		byte[] padding = new byte[300];

		this.decoder.feed(concat(bad, good, padding));

		assertThat(this.recorder.frames).containsExactly("0:next frame\n");
		assertThat(this.decoder.counters().corrupt()).isEqualTo(1);
	}

	@Test
	void lengthAboveTheMaximumIsRejectedAtTheHeader() {
		byte[] bad = frame(0, "x");
		bad[4] = 0x01;
		bad[5] = 0x04;

		this.decoder.feed(concat(bad, frame(0, "ok\n")));

		assertThat(this.recorder.frames).containsExactly("0:ok\n");
		assertThat(this.decoder.counters().corrupt()).isEqualTo(1);
	}

	@Test
	void wrongVersionIsCorrupt() {
		this.decoder.feed(concat(frame(2, 0, text("v2\n")), frame(0, "v1\n")));

		assertThat(this.recorder.frames).containsExactly("0:v1\n");
		assertThat(this.decoder.counters().corrupt()).isEqualTo(1);
	}

	@Test
	void truncatedFrameFollowedByAGoodOneDeliversOnlyTheGoodOne() {
		byte[] cut = Arrays.copyOf(frame(0, "this frame is cut short by a dying writer\n"), 20);

		this.decoder.feed(concat(cut, frame(0, "good after cut\n"), text("kernel again\n"), new byte[64]));

		assertThat(this.recorder.frames).containsExactly("0:good after cut\n");
		assertThat(this.recorder.kernelLines).containsExactly("kernel again");
		assertThat(this.decoder.counters().corrupt()).isEqualTo(1);
	}

	@Test
	void truncatedFrameAtTheEndOfTheStreamIsCorruptAndGoodFramesInsideItSurvive() {
		byte[] cut = Arrays.copyOf(frame(0, "x".repeat(200)), 30);

		this.decoder.feed(concat(cut, frame(0, "last words\n")));
		assertThat(this.recorder.frames).isEmpty();
		this.decoder.finish();

		assertThat(this.recorder.frames).containsExactly("0:last words\n");
		assertThat(this.recorder.kernelLines).isEmpty();
		assertThat(this.decoder.counters().corrupt()).isEqualTo(1);
	}

	@Test
	void randomNoiseNeverThrowsAndNeverYieldsAForgedFrame() {
		Random random = new Random(42);
		List<String> sent = new ArrayList<>();
		byte[] stream = new byte[0];
		for (int i = 0; i < 400; i++) {
			byte[] junk = new byte[random.nextInt(64)];
			random.nextBytes(junk);
			if (random.nextInt(4) == 0 && junk.length > 1) {
				junk[random.nextInt(junk.length - 1)] = (byte) 0xA5;
			}
			String payload = "frame " + i + "\n";
			sent.add("3:" + payload);
			stream = concat(stream, junk, frame(3, payload));
		}
		byte[] input = concat(stream, new byte[FrameDecoder.MAX_PAYLOAD + 16]);

		int at = 0;
		while (at < input.length) {
			int chunk = Math.min(input.length - at, 1 + random.nextInt(100));
			this.decoder.feed(input, at, chunk);
			at += chunk;
		}
		this.decoder.finish();

		assertThat(sent).containsAll(this.recorder.frames);
		assertThat(this.recorder.frames).as("good frames after noise").hasSizeGreaterThan(300);
		assertThat(this.decoder.counters().frames()).isEqualTo(this.recorder.frames.size());
	}

	@Test
	void pureRandomBytesInRandomChunksOnlyEverDeliverCrcValidFrames() {
		Random random = new Random(7);
		for (int round = 0; round < 50; round++) {
			Recorder recorder = new Recorder();
			FrameDecoder decoder = new FrameDecoder(recorder);
			byte[] input = new byte[20_000];
			random.nextBytes(input);
			for (int i = 0; i < input.length - 1; i += 97) {
				input[i] = (byte) 0xA5;
				input[i + 1] = 0x5A;
			}
			int at = 0;
			while (at < input.length) {
				int chunk = Math.min(input.length - at, 1 + random.nextInt(700));
				decoder.feed(input, at, chunk);
				at += chunk;
			}
			decoder.finish();
			for (int i = 0; i < recorder.rawFrames.size(); i++) {
				byte[] encoded = frame(recorder.channels.get(i), recorder.rawFrames.get(i));
				assertThat(indexOf(input, encoded)).as("delivered frame occurs whole in the input").isNotNegative();
			}
			assertThat(decoder.counters().frames()).isEqualTo(recorder.frames.size());
			assertThat(decoder.counters().corrupt()).isPositive();
		}
	}

	@Test
	void overlongKernelLineIsDeliveredInPieces() {
		this.decoder.feed(text("k".repeat(600) + "\n"));

		assertThat(this.recorder.kernelLines).containsExactly("k".repeat(512), "k".repeat(88));
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		for (int i = 0; i + needle.length <= haystack.length; i++) {
			if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
				return i;
			}
		}
		return -1;
	}

	static final class Recorder implements FrameDecoder.Listener {

		final List<String> frames = new ArrayList<>();

		final List<byte[]> rawFrames = new ArrayList<>();

		final List<Integer> channels = new ArrayList<>();

		final List<String> kernelLines = new ArrayList<>();

		@Override
		public void frame(int channel, byte[] payload) {
			this.rawFrames.add(payload);
			this.channels.add(channel);
			this.frames.add(channel + ":" + new String(payload, StandardCharsets.ISO_8859_1));
		}

		@Override
		public void kernelLine(String line) {
			this.kernelLines.add(line);
		}

	}

}
