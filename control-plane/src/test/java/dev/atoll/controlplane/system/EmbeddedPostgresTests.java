package dev.atoll.controlplane.system;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The embedded PostgreSQL launcher, for real: binaries extracted from the classpath,
 * initdb, a server on a free port, as uid 65534 through setpriv when the tests run as
 * root (they do on CI).
 */
class EmbeddedPostgresTests {

	private static Path dir;

	@BeforeAll
	static void directoryTheUnprivilegedUserCanReach() throws IOException {
		dir = Files.createTempDirectory("atoll-embedded-postgres-");
		Files.setPosixFilePermissions(dir, PostgresBinaries.permissions(0755));
	}

	@AfterAll
	static void noServerIsLeftAndNothingOnDisk() throws IOException {
		List<ProcessHandle> left = processesUsing(dir);
		left.forEach(ProcessHandle::destroyForcibly);
		PostgresBinaries.deleteRecursively(dir);
		assertThat(left).as("processes left running in " + dir).isEmpty();
	}

	@Test
	void startsARealServerAnswersQueriesAndLeavesNoProcessOnceStopped() throws Exception {
		long pid;
		try (EmbeddedPostgres postgres = EmbeddedPostgres.start(settings())) {
			assertThat(query(postgres, "select current_user || ' ' || version()")).startsWith("postgres PostgreSQL 17");
			pid = postgres.postmasterPid().orElseThrow();
			assertThat(commandLine(pid)).contains(dir.toString());
			if (EmbeddedPostgres.effectiveUid() == 0) {
				assertThat(effectiveUidOf(pid)).as("a root JVM runs the server through setpriv").isEqualTo(65534);
			}
		}

		await().atMost(Duration.ofSeconds(10))
			.until(() -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
		assertThat(processesUsing(dir)).isEmpty();
	}

	@Test
	void keepsItsDataAcrossRestarts() throws Exception {
		try (EmbeddedPostgres postgres = EmbeddedPostgres.start(settings())) {
			execute(postgres,
					"drop table if exists kept; create table kept (word text); insert into kept values ('atoll')");
		}
		try (EmbeddedPostgres postgres = EmbeddedPostgres.start(settings())) {
			assertThat(query(postgres, "select word from kept")).isEqualTo("atoll");
		}
		assertThat(processesUsing(dir)).isEmpty();
	}

	@Test
	void stopsAServerLeftRunningByACrashedRunAndStartsItsOwn() throws Exception {
		try (EmbeddedPostgres postgres = EmbeddedPostgres.start(settings())) {
			assertThat(query(postgres, "select 1")).isEqualTo("1");
		}
		long leftover = startServerBehindTheLaunchersBack();

		try (EmbeddedPostgres postgres = EmbeddedPostgres.start(settings())) {
			assertThat(ProcessHandle.of(leftover).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
			assertThat(postgres.postmasterPid()).isPresent().get().isNotEqualTo(leftover);
			assertThat(query(postgres, "select 2")).isEqualTo("2");
		}
		assertThat(processesUsing(dir)).isEmpty();
	}

	@Test
	void refusesADirectoryAnotherLiveServerUses() throws Exception {
		try (EmbeddedPostgres postgres = EmbeddedPostgres.start(settings())) {
			assertThatIllegalStateException().isThrownBy(() -> EmbeddedPostgres.start(settings()))
				.withMessageContaining("in use");
			assertThat(query(postgres, "select 3")).isEqualTo("3");
		}
	}

	@Test
	void binariesAreChosenByOperatingSystemAndArchitecture() {
		assertThat(PostgresBinaries.resourceName("Linux", "amd64")).isEqualTo("postgres-linux-x86_64.txz");
		assertThat(PostgresBinaries.resourceName("Linux", "aarch64")).isEqualTo("postgres-linux-arm_64.txz");
		assertThatIllegalStateException().isThrownBy(() -> PostgresBinaries.resourceName("Linux", "riscv64"))
			.withMessageContaining("spring.datasource.url");
	}

	@Test
	void rootKeepsItsDataOutsideItsPrivateHome() {
		assertThat(EmbeddedPostgres.defaultDirectory(true, Map.of(), "/root"))
			.isEqualTo(Path.of("/var/lib/atoll/postgres"));
		assertThat(EmbeddedPostgres.defaultDirectory(false, Map.of(), "/home/ada"))
			.isEqualTo(Path.of("/home/ada/.atoll/postgres"));
		assertThat(EmbeddedPostgres.defaultDirectory(false, Map.of("ATOLL_HOME", "/srv/atoll"), "/home/ada"))
			.isEqualTo(Path.of("/srv/atoll/postgres"));
	}

	private static EmbeddedPostgresProperties settings() {
		return new EmbeddedPostgresProperties(dir, 0, "atoll", Duration.ofSeconds(60), 65534);
	}

	/** What a crashed control plane leaves behind: a daemonised server, no owner. */
	private static long startServerBehindTheLaunchersBack() throws Exception {
		Path install;
		try (Stream<Path> entries = Files.list(dir)) {
			install = entries.filter((path) -> path.getFileName().toString().startsWith("pg-"))
				.findFirst()
				.orElseThrow();
		}
		Path data = dir.resolve("data");
		List<String> command = new ArrayList<>(List.of(install.resolve("bin/pg_ctl").toString(), "start", "-w", "-D",
				data.toString(), "-l", data.resolve("leftover.log").toString(), "-o",
				"-p " + freePort() + " -c listen_addresses=127.0.0.1 -c unix_socket_directories="));
		if (EmbeddedPostgres.effectiveUid() == 0) {
			command.addAll(0, List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"));
		}
		Process pgCtl = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(pgCtl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(pgCtl.waitFor()).as(output).isZero();
		long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
		assertThat(ProcessHandle.of(pid)).isPresent();
		return pid;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static String query(EmbeddedPostgres postgres, String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("atoll"), postgres.username(), "");
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getString(1);
		}
	}

	private static void execute(EmbeddedPostgres postgres, String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("atoll"), postgres.username(), "");
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static int effectiveUidOf(long pid) throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
			if (line.startsWith("Uid:")) {
				return Integer.parseInt(line.split("\\s+")[2]);
			}
		}
		throw new IllegalStateException("no Uid line for " + pid);
	}

	private static String commandLine(long pid) {
		try {
			return new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")),
					StandardCharsets.UTF_8);
		}
		catch (IOException gone) {
			return "";
		}
	}

	/** Every process whose command line names the directory (the server and wrapper). */
	private static List<ProcessHandle> processesUsing(Path directory) {
		return ProcessHandle.allProcesses()
			.filter((process) -> commandLine(process.pid()).contains(directory.toString()))
			.toList();
	}

}
