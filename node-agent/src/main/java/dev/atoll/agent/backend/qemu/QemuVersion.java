package dev.atoll.agent.backend.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The version QEMU names with {@code --version}, for the node's {@code qemu} label. */
final class QemuVersion {

	private static final Pattern VERSION = Pattern.compile("QEMU emulator version ([0-9]+(\\.[0-9]+)*)");

	private static final Logger logger = LoggerFactory.getLogger(QemuVersion.class);

	private QemuVersion() {
	}

	/** The version of {@code binary}, e.g. {@code 7.2.22}; empty when it does not say. */
	static Optional<String> of(String binary) {
		try {
			Process process = new ProcessBuilder(List.of(binary, "--version")).redirectErrorStream(true).start();
			process.getOutputStream().close();
			byte[] output = process.getInputStream().readNBytes(4096);
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return Optional.empty();
			}
			return parse(new String(output, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			logger.warn("cannot run {} --version: {}", binary, ex.toString());
			return Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
	}

	/** The version in {@code --version}'s output. */
	static Optional<String> parse(String output) {
		Matcher matcher = VERSION.matcher(output);
		return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
	}

}
