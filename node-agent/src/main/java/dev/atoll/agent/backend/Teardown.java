package dev.atoll.agent.backend;

/** Letting go of what a backend holds while an instance goes away. */
public final class Teardown {

	private Teardown() {
	}

	/**
	 * Closes {@code closeable} (null is fine) and ignores a failure: tearing down is best
	 * effort, its process or line is gone or going, and nobody could act on the error.
	 */
	public static void closeQuietly(AutoCloseable closeable) {
		if (closeable == null) {
			return;
		}
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// Best effort, see above.
		}
	}

}
