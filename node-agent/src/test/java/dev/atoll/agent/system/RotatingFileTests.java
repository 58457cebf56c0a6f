package dev.atoll.agent.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class RotatingFileTests {

	@TempDir
	Path dir;

	@Test
	void rotatesBySizeKeepingABoundedNumberOfOldFilesNewestFirst() throws IOException {
		Path log = this.dir.resolve("logs/system.log");
		try (RotatingFile file = new RotatingFile(log, 10, 2, false)) {
			for (String line : new String[] { "aaaa\n", "bbbb\n", "cccc\n", "dddd\n", "eeee\n", "ffff\n", "gggg\n" }) {
				file.write(line.getBytes(StandardCharsets.US_ASCII), 0, line.length());
			}
			assertThat(file.rotation(1)).isEqualTo(this.dir.resolve("logs/system.log.1"));
		}

		assertThat(log).content().isEqualTo("gggg\n");
		assertThat(this.dir.resolve("logs/system.log.1")).content().isEqualTo("eeee\nffff\n");
		assertThat(this.dir.resolve("logs/system.log.2")).content().isEqualTo("cccc\ndddd\n");
		assertThat(this.dir.resolve("logs/system.log.3")).as("beyond the kept count").doesNotExist();
		try (var files = Files.list(this.dir.resolve("logs"))) {
			assertThat(files.mapToLong((file) -> file.toFile().length()).sum()).isLessThanOrEqualTo(30);
		}
	}

	@Test
	void reopeningAppendsAndCountsWhatIsThereAndAChunkOverTheLimitStaysWhole() throws IOException {
		Path log = this.dir.resolve("console.log");
		Files.writeString(log, "12345678");
		try (RotatingFile file = new RotatingFile(log, 12, 1, false)) {
			file.write("abc".getBytes(StandardCharsets.US_ASCII), 0, 3);
			file.write("0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII), 0, 16);
		}

		assertThat(this.dir.resolve("console.log.1")).as("rotated before the big chunk")
			.content()
			.isEqualTo("12345678abc");
		assertThat(log).content().isEqualTo("0123456789ABCDEF");
	}

	@Test
	void keepingNoOldFilesStartsOver() throws IOException {
		Path log = this.dir.resolve("kernel.log");
		try (RotatingFile file = new RotatingFile(log, 4, 0, true)) {
			file.write("abcd".getBytes(StandardCharsets.US_ASCII), 0, 4);
			file.write("ef".getBytes(StandardCharsets.US_ASCII), 0, 2);
		}

		assertThat(log).content().isEqualTo("ef");
		assertThat(this.dir.resolve("kernel.log.1")).doesNotExist();
	}

}
