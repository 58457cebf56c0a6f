package dev.atoll.agent.backend.qemu;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import dev.atoll.agent.testing.DemoRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class QemuVersionTests {

	@TempDir
	Path work;

	@Test
	void readsTheVersionQemuNames() {
		assertThat(QemuVersion.parse("QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)\n"
				+ "Copyright (c) 2003-2022 Fabrice Bellard and the QEMU Project developers\n"))
			.contains("7.2.22");
		assertThat(QemuVersion.parse("QEMU emulator version 9.0.0\n")).contains("9.0.0");
		assertThat(QemuVersion.parse("something else")).isEmpty();
	}

	@Test
	void theBackendLabelsTheNodeWithTheInstalledQemusVersion() {
		QemuBackend backend = new QemuBackend(new QemuSettings("qemu-system-aarch64", DemoRuns.imagesDir(), this.work,
				Duration.ofSeconds(3), Duration.ofSeconds(15), true), Clock.systemUTC());
		try {
			assertThat(backend.labels()).containsEntry("backend", "qemu")
				.hasEntrySatisfying("qemu", (version) -> assertThat(version).matches("[0-9]+(\\.[0-9]+)+"));
			assertThat(QemuVersion.of("/nonexistent/qemu-system-aarch64")).isEmpty();
		}
		finally {
			backend.close();
		}
	}

}
