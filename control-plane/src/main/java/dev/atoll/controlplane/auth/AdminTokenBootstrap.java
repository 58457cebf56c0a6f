package dev.atoll.controlplane.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

import dev.atoll.controlplane.system.BearerTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * The first start: without an admin token in the configuration and with none stored,
 * creates one and writes its secret to {@code atoll.auth.admin-token-file}, mode 0600, so
 * that only the service user can read it. The file is written before the hash is stored
 * (a stored token whose secret nobody knows would lock every admin out) and moved into
 * place only when this start won the insert.
 */
@Component
class AdminTokenBootstrap implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(AdminTokenBootstrap.class);

	static final String NAME = "bootstrap-admin";

	private final TokenRepository tokens;

	private final AuthProperties properties;

	AdminTokenBootstrap(TokenRepository tokens, AuthProperties properties) {
		this.tokens = tokens;
		this.properties = properties;
	}

	@Override
	public void run(ApplicationArguments args) throws IOException {
		if (this.properties.adminToken() != null) {
			log.info("Admin token taken from atoll.auth.admin-token");
			return;
		}
		Path file = this.properties.adminTokenFile();
		if (Boolean.TRUE.equals(this.tokens.anyAdmin().block())) {
			log.info("Admin tokens exist; the first one's secret was written to {} when it was created", file);
			return;
		}
		String secret = BearerTokens.newToken();
		Path draft = writeOwnerOnly(file, secret);
		try {
			if (Boolean.TRUE.equals(this.tokens.createFirstAdmin(NAME, BearerTokens.hash(secret)).block())) {
				Files.move(draft, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
				log.info("Created the first admin token '{}'; its secret is in {} (readable by this user only)", NAME,
						file);
			}
			else {
				log.info("Another replica created the first admin token at the same time; see its {}", file);
			}
		}
		finally {
			Files.deleteIfExists(draft);
		}
	}

	/** A fresh file beside {@code file}, mode 0600 from the start, holding the secret. */
	private static Path writeOwnerOnly(Path file, String secret) {
		try {
			Files.createDirectories(file.getParent());
			Path draft = Files.createTempFile(file.getParent(), ".admin-token", ".tmp",
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			Files.writeString(draft, secret + "\n");
			return draft;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write the admin token file " + file
					+ "; set atoll.auth.admin-token-file to a writable path or atoll.auth.admin-token", ex);
		}
	}

}
