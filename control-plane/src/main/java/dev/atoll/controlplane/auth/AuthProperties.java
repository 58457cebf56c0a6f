package dev.atoll.controlplane.auth;

import java.nio.file.Path;

import dev.atoll.controlplane.system.AtollHome;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code atoll.auth.*}.
 *
 * @param adminToken an admin credential taken from the configuration (environment
 * {@code ATOLL_AUTH_ADMINTOKEN}); kept in memory only, never listed, revoked by removing
 * it. When unset and no admin token is stored, one is created and written to
 * {@code adminTokenFile}
 * @param adminTokenFile where the first admin token is written, readable by the service
 * user only; {@code admin-token} in the Atoll home directory when unset
 * @param openMetrics whether {@code /actuator/prometheus} and the Prometheus service
 * discovery answer without a token (they are read-only); false requires any API token
 */
@ConfigurationProperties("atoll.auth")
record AuthProperties(String adminToken, Path adminTokenFile, @DefaultValue("true") boolean openMetrics) {

	static final int MIN_ADMIN_TOKEN_LENGTH = 16;

	AuthProperties {
		if (adminToken != null && adminToken.isBlank()) {
			adminToken = null;
		}
		if (adminToken != null && adminToken.strip().length() < MIN_ADMIN_TOKEN_LENGTH) {
			throw new IllegalArgumentException(
					"atoll.auth.admin-token must have at least " + MIN_ADMIN_TOKEN_LENGTH + " characters");
		}
		adminToken = (adminToken != null) ? adminToken.strip() : null;
		adminTokenFile = (adminTokenFile != null) ? adminTokenFile.toAbsolutePath().normalize()
				: AtollHome.current().resolve("admin-token");
	}

	@Override
	public String toString() {
		return "AuthProperties[adminToken=" + ((this.adminToken != null) ? "(set)" : "(unset)") + ", adminTokenFile="
				+ this.adminTokenFile + ", openMetrics=" + this.openMetrics + "]";
	}

}
