package dev.atoll.controlplane.system;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the control plane keeps its state by default: {@code /var/lib/atoll} when run as
 * root (root's home is 0700, useless to the unprivileged PostgreSQL), else
 * {@code $ATOLL_HOME}, else {@code ~/.atoll}.
 */
public final class AtollHome {

	private AtollHome() {
	}

	/** The directory for the running process. */
	public static Path current() {
		return of(EmbeddedPostgres.effectiveUid() == 0, System.getenv(), System.getProperty("user.home"));
	}

	static Path of(boolean root, Map<String, String> environment, String userHome) {
		if (root) {
			return Path.of("/var/lib/atoll");
		}
		String atollHome = environment.get("ATOLL_HOME");
		Path home = (atollHome != null && !atollHome.isBlank()) ? Path.of(atollHome) : Path.of(userHome, ".atoll");
		return home.toAbsolutePath().normalize();
	}

}
