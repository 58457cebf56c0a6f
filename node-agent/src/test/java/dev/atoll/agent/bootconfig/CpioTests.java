package dev.atoll.agent.bootconfig;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.atoll.agent.testing.DemoRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The newc reader and writer against the demo image's real initrd (made by GNU cpio) and
 * GNU cpio reading what the writer made.
 */
class CpioTests {

	private static final byte[] CONFIG = "atoll-boot-config 1\ntask counter mem=128K\n"
		.getBytes(StandardCharsets.UTF_8);

	@TempDir
	Path work;

	@Test
	void listsTheMembersOfTheDemoInitrd() throws IOException {
		assertThat(members(demoInitrd())).contains("root", "bin/uart", "bin/svctest").doesNotContain("config");
	}

	@Test
	void appendsTheConfigurationAsAnArchiveAfterTheImagesBytes() throws Exception {
		byte[] image = demoInitrd();

		byte[] initrd = added(image);

		assertThat(Arrays.copyOf(initrd, image.length)).isEqualTo(image);
		assertThat(initrd.length % 512).isZero();
		assertThat(members(initrd)).endsWith("config").containsOnlyOnce("config");
		assertThat(data(initrd, "config")).isEqualTo(CONFIG);
		// GNU cpio reads the appended archive on its own, with its trailer.
		Path appended = this.work.resolve("appended.cpio");
		Files.write(appended, Arrays.copyOfRange(initrd, image.length, initrd.length));
		assertThat(gnuCpio(appended, "-t")).isEqualTo("config\n");
		assertThat(gnuCpio(appended, "-i", "--to-stdout", "config"))
			.isEqualTo(new String(CONFIG, StandardCharsets.UTF_8));
	}

	@Test
	void anImageThatEndsOffAFourByteBoundaryIsPaddedSoTheMemberIsFound() {
		ByteArrayOutputStream image = new ByteArrayOutputStream();
		image.writeBytes(Cpio.entry("root", 0100755, "elf".getBytes(StandardCharsets.US_ASCII)));
		image.writeBytes(Cpio.entry(Cpio.TRAILER, 0, new byte[0]));
		image.writeBytes(new byte[] { 0, 0 });

		byte[] initrd = added(image.toByteArray());

		Cpio.Member config = member(initrd, "config");
		assertThat(config.start() % 4).isZero();
		assertThat(data(initrd, "config")).isEqualTo(CONFIG);
	}

	@Test
	void anImagesOwnConfigMemberIsReplacedNotShadowing() throws Exception {
		ByteArrayOutputStream image = new ByteArrayOutputStream();
		image.writeBytes(Cpio.entry("root", 0100755, "elf".getBytes(StandardCharsets.US_ASCII)));
		image
			.writeBytes(Cpio.entry("config", 0100644, "atoll-boot-config 1\n# old\n".getBytes(StandardCharsets.UTF_8)));
		image.writeBytes(Cpio.entry("bin/uart", 0100755, "uart".getBytes(StandardCharsets.US_ASCII)));
		image.writeBytes(Cpio.entry(Cpio.TRAILER, 0, new byte[0]));

		byte[] initrd = added(image.toByteArray());

		assertThat(members(initrd)).containsExactly("root", "bin/uart", "config");
		assertThat(data(initrd, "config")).isEqualTo(CONFIG);
		Path whole = this.work.resolve("whole.cpio");
		Files.write(whole, initrd);
		assertThat(gnuCpio(whole, "-t")).isEqualTo("root\nbin/uart\nconfig\n");
	}

	@Test
	void whatIsNoArchiveIsRefusedWithTheReason() {
		assertThat(
				Cpio.add("not an archive at all, not even close to one".repeat(3).getBytes(StandardCharsets.US_ASCII),
						"config", CONFIG))
			.isInstanceOfSatisfying(Cpio.Added.Invalid.class,
					(invalid) -> assertThat(invalid.reason()).contains("no newc header magic at offset 0"));
		byte[] truncated = Arrays.copyOf(Cpio.entry("root", 0100755, new byte[100]), 150);
		assertThat(Cpio.list(truncated)).isInstanceOfSatisfying(Cpio.Listing.Invalid.class,
				(invalid) -> assertThat(invalid.reason()).contains("truncated"));
		ByteArrayOutputStream garbageAfterTrailer = new ByteArrayOutputStream();
		garbageAfterTrailer.writeBytes(Cpio.entry(Cpio.TRAILER, 0, new byte[0]));
		garbageAfterTrailer.writeBytes("junk".getBytes(StandardCharsets.US_ASCII));
		assertThat(Cpio.list(garbageAfterTrailer.toByteArray())).isInstanceOf(Cpio.Listing.Invalid.class);
	}

	private static byte[] added(byte[] image) {
		Cpio.Added added = Cpio.add(image, "config", CONFIG);
		assertThat(added).isInstanceOf(Cpio.Added.Archive.class);
		return ((Cpio.Added.Archive) added).bytes();
	}

	private static List<String> members(byte[] archive) {
		Cpio.Listing listing = Cpio.list(archive);
		assertThat(listing).isInstanceOf(Cpio.Listing.Members.class);
		return ((Cpio.Listing.Members) listing).members().stream().map(Cpio.Member::name).toList();
	}

	private static Cpio.Member member(byte[] archive, String name) {
		return ((Cpio.Listing.Members) Cpio.list(archive)).members()
			.stream()
			.filter((member) -> member.name().equals(name))
			.findFirst()
			.orElseThrow();
	}

	private static byte[] data(byte[] archive, String name) {
		Cpio.Member member = member(archive, name);
		return Arrays.copyOfRange(archive, member.dataStart(), member.dataStart() + member.size());
	}

	private static byte[] demoInitrd() throws IOException {
		return Files.readAllBytes(DemoRuns.imagesDir().resolve("demo/initrd.cpio"));
	}

	private String gnuCpio(Path archive, String... arguments) throws Exception {
		List<String> command = new java.util.ArrayList<>(List.of("cpio", "--quiet"));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).directory(this.work.toFile())
			.redirectInput(archive.toFile())
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).isZero();
		return out;
	}

}
