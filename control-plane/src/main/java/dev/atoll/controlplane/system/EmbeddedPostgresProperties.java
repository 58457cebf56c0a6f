package dev.atoll.controlplane.system;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the PostgreSQL server the control plane starts itself when no
 * {@code spring.datasource.url} is configured.
 *
 * @param dir where binaries and data live; null for {@code /var/lib/atoll/postgres} when
 * running as root, else {@code ${ATOLL_HOME:-~/.atoll}/postgres}
 * @param port TCP port on 127.0.0.1; 0 picks a free one at every start
 * @param database database the control plane uses (created if missing)
 * @param startTimeout how long to wait for the server to accept connections
 * @param runAsUid unprivileged uid (and gid) that runs the server when we are root
 */
@ConfigurationProperties("atoll.embedded-postgres")
record EmbeddedPostgresProperties(Path dir, @DefaultValue("0") int port, @DefaultValue("atoll") String database,
		@DefaultValue("60s") Duration startTimeout, @DefaultValue("65534") int runAsUid) {

	EmbeddedPostgresProperties {
		if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
			throw new IllegalArgumentException("atoll.embedded-postgres.database must match [a-z_][a-z0-9_]*");
		}
	}

}
