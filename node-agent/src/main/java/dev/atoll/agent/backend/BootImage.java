package dev.atoll.agent.backend;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

import dev.atoll.agent.bootconfig.BootConfig;
import dev.atoll.agent.bootconfig.Cpio;

/**
 * A boot image on this node, {@code <images-dir>/<name>/}: the kernel
 * ({@code kernel.img}, an arm64 Image), the initial ramdisk ({@code initrd.cpio}), a
 * device tree ({@code board.dtb}) when the image brings one, and what the image declares
 * about itself in {@code image.properties}. Every backend boots images through this one
 * description.
 *
 * @param name the image name
 * @param directory the image's directory
 * @param kernel the kernel
 * @param initrd the initial ramdisk
 * @param deviceTree the device tree, empty when the image has none (QEMU generates one)
 * @param powerdown whether its kernel shuts down on a power-button request (ACPI or the
 * virt GPIO key); without it a stop does not wait for the guest to power itself off
 */
public record BootImage(String name, Path directory, Path kernel, Path initrd, Optional<Path> deviceTree,
		boolean powerdown) {

	public static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

	public static final String KERNEL = "kernel.img";

	public static final String INITRD = "initrd.cpio";

	public static final String DEVICE_TREE = "board.dtb";

	public static final String DECLARATIONS = "image.properties";

	/**
	 * Finds image {@code name} in {@code imagesDir}; every problem (a bad name, a missing
	 * or unreadable file, a malformed declaration) is added to {@code problems} and the
	 * image is only returned when there is none.
	 */
	public static Optional<BootImage> resolve(Path imagesDir, String name, List<String> problems) {
		if (name == null || !NAME.matcher(name).matches()) {
			problems.add("image name '" + name + "' does not match " + NAME.pattern());
			return Optional.empty();
		}
		Path directory = imagesDir.toAbsolutePath().resolve(name);
		if (!Files.isDirectory(directory)) {
			problems.add("image '" + name + "' not found: " + directory + " is not a directory");
			return Optional.empty();
		}
		int before = problems.size();
		Path kernel = requireReadableFile(directory.resolve(KERNEL), problems);
		Path initrd = requireReadableFile(directory.resolve(INITRD), problems);
		Path deviceTree = directory.resolve(DEVICE_TREE);
		Optional<Path> dtb = Files.exists(deviceTree) ? Optional.of(requireReadableFile(deviceTree, problems))
				: Optional.empty();
		boolean powerdown = declaredPowerdown(directory.resolve(DECLARATIONS), problems);
		if (problems.size() > before) {
			return Optional.empty();
		}
		return Optional.of(new BootImage(name, directory, kernel, initrd, dtb, powerdown));
	}

	/**
	 * This image booting {@code bootConfig} (null: its own configuration, the image as it
	 * is): a copy of its initrd with the configuration as the member {@code config}
	 * (docs/boot-config.md), written atomically to {@code directory/initrd.cpio}.
	 */
	public WithConfig withBootConfig(String bootConfig, Path directory) {
		if (bootConfig == null) {
			return new WithConfig.Ready(this);
		}
		byte[] image;
		try {
			image = Files.readAllBytes(this.initrd);
		}
		catch (IOException ex) {
			return new WithConfig.Failed("cannot read " + this.initrd + ": " + ex);
		}
		switch (Cpio.add(image, BootConfig.MEMBER, bootConfig.getBytes(StandardCharsets.UTF_8))) {
			case Cpio.Added.Invalid(String reason) -> {
				return new WithConfig.Invalid("image '" + this.name + "': " + reason);
			}
			case Cpio.Added.Archive(byte[] bytes) -> {
				Path initrdCopy = directory.resolve(INITRD);
				try {
					Files.createDirectories(directory);
					Path temporary = directory.resolve(INITRD + ".tmp");
					Files.write(temporary, bytes);
					Files.move(temporary, initrdCopy, StandardCopyOption.ATOMIC_MOVE,
							StandardCopyOption.REPLACE_EXISTING);
				}
				catch (IOException ex) {
					return new WithConfig.Failed("cannot write " + initrdCopy + ": " + ex);
				}
				return new WithConfig.Ready(new BootImage(this.name, this.directory, this.kernel, initrdCopy,
						this.deviceTree, this.powerdown));
			}
		}
	}

	/** The outcome of {@link #withBootConfig}. */
	public sealed interface WithConfig {

		/** The image to boot. */
		record Ready(BootImage image) implements WithConfig {
		}

		/** The image's initrd cannot carry a configuration. */
		record Invalid(String reason) implements WithConfig {
		}

		/** Reading or writing a file failed. */
		record Failed(String reason) implements WithConfig {
		}

	}

	private static boolean declaredPowerdown(Path declarations, List<String> problems) {
		if (!Files.exists(declarations)) {
			return false;
		}
		Properties properties = new Properties();
		try (Reader reader = Files.newBufferedReader(declarations)) {
			properties.load(reader);
		}
		catch (IOException | IllegalArgumentException ex) {
			problems.add("image declarations " + declarations + " are unreadable: " + ex.getMessage());
			return false;
		}
		String powerdown = properties.getProperty("powerdown", "false").trim();
		if (!powerdown.equals("true") && !powerdown.equals("false")) {
			problems.add("image declarations " + declarations + ": powerdown must be true or false, not '" + powerdown
					+ "'");
		}
		return powerdown.equals("true");
	}

	private static Path requireReadableFile(Path file, List<String> problems) {
		if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
			problems.add("image file " + file + " is missing or unreadable");
		}
		return file;
	}

}
