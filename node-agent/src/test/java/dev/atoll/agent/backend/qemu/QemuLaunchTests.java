package dev.atoll.agent.backend.qemu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.atoll.agent.backend.BootImage;
import dev.atoll.agent.backend.InstanceSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class QemuLaunchTests {

	@TempDir
	Path root;

	private QemuSettings settings;

	private final UUID id = UUID.fromString("0b7c6a52-5d0e-4c8e-9a55-2f7a3c1d9e01");

	@BeforeEach
	void imageDirectory() throws IOException {
		Path images = Files.createDirectories(this.root.resolve("images"));
		Files.createDirectories(images.resolve("demo"));
		Files.writeString(images.resolve("demo/kernel.img"), "k");
		Files.writeString(images.resolve("demo/initrd.cpio"), "i");
		Files.createDirectories(images.resolve("broken"));
		Files.writeString(images.resolve("broken/kernel.img"), "k");
		this.settings = new QemuSettings("sh", images, this.root.resolve("work"), Duration.ofSeconds(5),
				Duration.ofSeconds(5), true);
	}

	@Test
	void validSpecBecomesTheDocumentedCommandLine() {
		QemuLaunch launch = valid(new InstanceSpec(this.id, "demo", 128));
		Path work = this.root.resolve("work").resolve(this.id.toString());
		Path image = this.root.resolve("images/demo");

		assertThat(launch.commandLine()).containsExactly(launch.binary().toString(), "-M", "virt", "-cpu", "cortex-a57",
				"-m", "128M", "-nographic", "-nic", "none", "-no-reboot", "-name", "atoll-" + this.id, "-kernel",
				image.resolve("kernel.img").toString(), "-initrd", image.resolve("initrd.cpio").toString(), "-chardev",
				"socket,id=console,path=console.sock,server=on,wait=on", "-serial", "chardev:console", "-monitor",
				"none", "-qmp", "unix:qmp.sock,server=on,wait=off", "-pidfile", "qemu.pid");
		assertThat(launch.workDir()).as("where it runs, the sockets relative to it").isEqualTo(work);
	}

	@Test
	void powerdownIsAskedForOnlyWhenTheImageDeclaresIt() throws IOException {
		assertThat(valid(new InstanceSpec(this.id, "demo", 128)).powerdown()).as("no image.properties").isFalse();
		Path declarations = this.root.resolve("images/demo").resolve(BootImage.DECLARATIONS);

		Files.writeString(declarations, "# the kernel handles the virt power key\npowerdown = true\n");
		assertThat(valid(new InstanceSpec(this.id, "demo", 128)).powerdown()).isTrue();

		Files.writeString(declarations, "powerdown=sometimes\n");
		assertThat(problems(new InstanceSpec(this.id, "demo", 128)))
			.anySatisfy((problem) -> assertThat(problem).contains("powerdown must be true or false"));
	}

	@Test
	void refusesImageNamesThatAreNotPlainNames() {
		for (String name : List.of("../demo", "Demo", "-demo", "demo-", "de/mo", "", "a".repeat(64), "demo,x")) {
			assertThat(problems(new InstanceSpec(this.id, name, 128))).as(name)
				.anySatisfy((problem) -> assertThat(problem).contains("does not match"));
		}
		assertThat(problems(new InstanceSpec(this.id, null, 128))).isNotEmpty();
	}

	@Test
	void refusesMemoryOutsideTheRange() {
		assertThat(problems(new InstanceSpec(this.id, "demo", 63))).singleElement()
			.asString()
			.contains("outside 64..4096");
		assertThat(problems(new InstanceSpec(this.id, "demo", 4097))).hasSize(1);
		assertThat(problems(new InstanceSpec(this.id, "demo", 64))).isEmpty();
		assertThat(problems(new InstanceSpec(this.id, "demo", 4096))).isEmpty();
	}

	@Test
	void refusesMissingImagesAndImageFiles() {
		assertThat(problems(new InstanceSpec(this.id, "nope", 128))).singleElement()
			.asString()
			.contains("image 'nope' not found");
		assertThat(problems(new InstanceSpec(this.id, "broken", 128))).singleElement()
			.asString()
			.contains("initrd.cpio");
	}

	@Test
	void refusesAMissingQemuBinary() {
		QemuSettings missing = new QemuSettings("no-such-qemu-binary", this.settings.imagesDir(),
				this.settings.workDir(), Duration.ofSeconds(1), Duration.ofSeconds(1), true);

		assertThat(QemuLaunch.validate(new InstanceSpec(this.id, "demo", 128), missing)).isInstanceOfSatisfying(
				QemuLaunch.Validation.Invalid.class,
				(invalid) -> assertThat(invalid.problems()).singleElement().asString().contains("no-such-qemu-binary"));
	}

	@Test
	void socketsAreReachedThroughAShortPathWhateverTheWorkDirectory() {
		assertThat(QemuLaunch.socketOf(4194304, "console.sock").toString()).hasSizeLessThan(40)
			.isEqualTo("/proc/4194304/cwd/console.sock");
	}

	private QemuLaunch valid(InstanceSpec spec) {
		QemuLaunch.Validation validation = QemuLaunch.validate(spec, this.settings);
		assertThat(validation).isInstanceOf(QemuLaunch.Validation.Valid.class);
		return ((QemuLaunch.Validation.Valid) validation).launch();
	}

	private List<String> problems(InstanceSpec spec) {
		return switch (QemuLaunch.validate(spec, this.settings)) {
			case QemuLaunch.Validation.Valid valid -> List.of();
			case QemuLaunch.Validation.Invalid invalid -> invalid.problems();
		};
	}

}
