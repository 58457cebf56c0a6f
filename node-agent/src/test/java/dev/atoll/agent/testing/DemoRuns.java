package dev.atoll.agent.testing;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.atoll.agent.backend.ConsoleSink;
import dev.atoll.agent.console.InstanceConsole;

import static org.assertj.core.api.Assertions.fail;

/**
 * What the tests that boot the real demo image share: where it is, and a console sink.
 */
public final class DemoRuns {

	private DemoRuns() {
	}

	/**
	 * The images directory the build passes in; fails (never skips) without the demo
	 * image.
	 */
	public static Path imagesDir() {
		String property = System.getProperty("atoll.images.dir");
		if (property == null || property.isBlank()) {
			return fail("system property atoll.images.dir is not set: run the tests through Maven");
		}
		Path imagesDir = Path.of(property);
		if (!Files.isRegularFile(imagesDir.resolve("demo/kernel.img"))
				|| !Files.isRegularFile(imagesDir.resolve("demo/initrd.cpio"))) {
			return fail("no demo image in " + imagesDir + ": run make -C images first");
		}
		return imagesDir;
	}

	/** A sink that feeds a backend's console bytes to {@code console}. */
	public static ConsoleSink sink(InstanceConsole console) {
		return new ConsoleSink() {

			@Override
			public void bytes(byte[] data, int from, int length) {
				console.feed(data, from, length);
			}

			@Override
			public void closed() {
				console.end();
			}

		};
	}

}
