package dev.atoll.controlplane.auth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import dev.atoll.api.ApiPaths;
import dev.atoll.api.Role;
import dev.atoll.controlplane.ApiTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first start creates an admin token and leaves its secret in a file only the service
 * user can read; later starts leave it alone. Runs the bootstrap on the application's
 * database, then uses the secret over HTTP.
 */
class AdminTokenBootstrapTests extends ApiTest {

	@Autowired
	TokenRepository tokens;

	@TempDir
	Path dir;

	@Test
	void withoutAnAdminTokenTheFirstStartWritesOneToAnOwnerOnlyFile() throws Exception {
		createToken("a-viewer", Role.viewer);
		Path file = this.dir.resolve("state/admin-token");

		bootstrap(file);

		assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
		String secret = Files.readString(file).strip();
		as(secret).get().uri(ApiPaths.TOKENS).exchange().expectStatus().isOk();
		assertThat(this.sql.sql("select role from api_tokens where name = :name")
			.param("name", AdminTokenBootstrap.NAME)
			.query(String.class)
			.single()).isEqualTo("admin");
		try (var left = Files.list(file.getParent())) {
			assertThat(left).containsExactly(file);
		}
	}

	@Test
	void whenAnAdminTokenExistsNothingIsCreatedOrWritten() throws Exception {
		createToken("an-admin", Role.admin);
		Path file = this.dir.resolve("admin-token");

		bootstrap(file);

		assertThat(file).doesNotExist();
		assertThat(this.sql.sql("select count(*) from api_tokens").query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void aSecondStartKeepsTheFirstToken() throws Exception {
		Path file = this.dir.resolve("admin-token");
		bootstrap(file);
		String first = Files.readString(file);

		bootstrap(file);

		assertThat(Files.readString(file)).isEqualTo(first);
		assertThat(this.sql.sql("select count(*) from api_tokens").query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void aConfiguredAdminTokenIsNeverStored() throws Exception {
		Path file = this.dir.resolve("admin-token");

		new AdminTokenBootstrap(this.tokens, new AuthProperties(ADMIN_TOKEN, file, true)).run(null);

		assertThat(file).doesNotExist();
		assertThat(this.sql.sql("select count(*) from api_tokens").query(Long.class).single()).isZero();
	}

	private void bootstrap(Path file) throws Exception {
		new AdminTokenBootstrap(this.tokens, new AuthProperties(null, file, true)).run(null);
	}

}
