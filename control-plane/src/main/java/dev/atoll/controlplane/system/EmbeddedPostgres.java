package dev.atoll.controlplane.system;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run from the binaries on the classpath, for when no external
 * database is configured.
 * <p>
 * PostgreSQL refuses to run as root, and CI and {@code ./atoll run} are root: then
 * initdb, the server and pg_ctl run as an unprivileged uid through
 * {@code setpriv --reuid --regid --clear-groups}, in a directory that uid can reach. The
 * data directory survives restarts. The server never outlives the JVM: {@link #close()}
 * stops it with {@code pg_ctl stop -m fast}, and should the JVM die without closing, the
 * wrapper shell sees its stdin pipe close and sends the server SIGINT (fast shutdown). A
 * server left running by a crashed run is stopped before a new one starts; a file lock
 * keeps two live control planes off one data directory.
 */
final class EmbeddedPostgres implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);

	private static final String USER = "postgres";

	/**
	 * Runs the server (its arguments follow) with stdin from /dev/null. A watchdog reads
	 * our stdin, a pipe from the JVM (passed on as fd 3: background jobs get /dev/null),
	 * and stops the server with SIGINT (fast shutdown) when the JVM closes it or dies.
	 * Exits with the server.
	 */
	private static final String WRAPPER = """
			exec 3<&0
			"$@" </dev/null 3<&- &
			server=$!
			{ while read -r _; do :; done <&3; kill -INT "$server" 2>/dev/null; } &
			watchdog=$!
			exec 3<&-
			wait "$server"
			status=$?
			kill "$watchdog" 2>/dev/null
			exit "$status"
			""";

	private final Path baseDir;

	private final Path dataDir;

	private final Path installDir;

	private final Integer runAsUid;

	private final FileChannel lockChannel;

	private final FileLock lock;

	private Process server;

	private int port;

	private EmbeddedPostgres(Path baseDir, Path installDir, Integer runAsUid, FileChannel lockChannel, FileLock lock) {
		this.baseDir = baseDir;
		this.dataDir = baseDir.resolve("data");
		this.installDir = installDir;
		this.runAsUid = runAsUid;
		this.lockChannel = lockChannel;
		this.lock = lock;
	}

	/**
	 * Extracts, initialises (first time), starts and waits for a server.
	 * @throws IllegalStateException when it cannot: another process holds the directory,
	 * the directory is unreachable for the unprivileged user, initdb or the server fail
	 */
	static EmbeddedPostgres start(EmbeddedPostgresProperties settings) throws IOException, InterruptedException {
		boolean root = effectiveUid() == 0;
		Path baseDir = (settings.dir() != null) ? settings.dir().toAbsolutePath().normalize()
				: defaultDirectory(root, System.getenv(), System.getProperty("user.home"));
		Files.createDirectories(baseDir);
		if (root) {
			Files.setPosixFilePermissions(baseDir, PostgresBinaries.permissions(0755));
			requireSearchable(baseDir);
		}
		FileChannel channel = FileChannel.open(baseDir.resolve(".lock"), StandardOpenOption.CREATE,
				StandardOpenOption.WRITE);
		FileLock lock = tryLock(channel);
		if (lock == null) {
			channel.close();
			throw new IllegalStateException("Embedded PostgreSQL directory " + baseDir
					+ " is in use by another running control plane; set atoll.embedded-postgres.dir to another one");
		}
		EmbeddedPostgres postgres = null;
		try {
			Path install = PostgresBinaries.install(baseDir);
			postgres = new EmbeddedPostgres(baseDir, install, root ? settings.runAsUid() : null, channel, lock);
			postgres.prepareDataDirectory();
			postgres.startServer(settings);
			postgres.createDatabase(settings.database());
			return postgres;
		}
		catch (IOException | InterruptedException | RuntimeException ex) {
			if (postgres != null) {
				postgres.close();
			}
			else {
				lock.release();
				channel.close();
			}
			throw ex;
		}
	}

	/** Root cannot use its home (0700) for a server run by nobody. */
	static Path defaultDirectory(boolean root, Map<String, String> environment, String userHome) {
		return AtollHome.of(root, environment, userHome).resolve("postgres");
	}

	int port() {
		return this.port;
	}

	String jdbcUrl(String database) {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + database;
	}

	String username() {
		return USER;
	}

	Path dataDirectory() {
		return this.dataDir;
	}

	/** The postmaster's pid from {@code postmaster.pid}, if a server is running there. */
	Optional<Long> postmasterPid() {
		Path pidFile = this.dataDir.resolve("postmaster.pid");
		try {
			List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
			return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
		}
		catch (IOException | NumberFormatException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Stops the server (fast shutdown: sessions are ended) and releases the directory.
	 */
	@Override
	public synchronized void close() {
		try {
			if (this.server != null && this.server.isAlive()) {
				log.info("Stopping embedded PostgreSQL on port {}", this.port);
				CommandResult stop = run(asServerUser(
						List.of(bin("pg_ctl"), "stop", "-D", this.dataDir.toString(), "-m", "fast", "-w", "-t", "60")),
						Duration.ofSeconds(75));
				if (stop.exitCode() != 0) {
					log.warn("pg_ctl stop failed ({}), signalling the server: {}", stop.exitCode(), stop.output());
				}
				this.server.getOutputStream().close();
				if (!this.server.waitFor(30, TimeUnit.SECONDS)) {
					log.warn("Embedded PostgreSQL did not stop; killing it");
					this.server.descendants().forEach(ProcessHandle::destroyForcibly);
					this.server.destroyForcibly();
					this.server.waitFor(10, TimeUnit.SECONDS);
				}
				log.info("Embedded PostgreSQL stopped");
			}
		}
		catch (IOException ex) {
			log.warn("Could not stop embedded PostgreSQL cleanly", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.server = null;
			try {
				if (this.lock.isValid()) {
					this.lock.release();
				}
				this.lockChannel.close();
			}
			catch (IOException ex) {
				log.warn("Could not release {}", this.baseDir.resolve(".lock"), ex);
			}
		}
	}

	private void prepareDataDirectory() throws IOException, InterruptedException {
		Files.createDirectories(this.dataDir);
		if (this.runAsUid != null) {
			chownRecursively(this.dataDir, this.runAsUid);
		}
		Files.setPosixFilePermissions(this.dataDir, PostgresBinaries.permissions(0700));
		stopLeftoverServer();
		String binariesVersion = majorVersion();
		Path versionFile = this.dataDir.resolve("PG_VERSION");
		if (Files.exists(versionFile)) {
			String dataVersion = Files.readString(versionFile).trim();
			if (!dataVersion.equals(binariesVersion)) {
				throw new IllegalStateException("Data directory " + this.dataDir + " belongs to PostgreSQL "
						+ dataVersion + " but the embedded binaries are PostgreSQL " + binariesVersion
						+ "; dump and restore it, or point atoll.embedded-postgres.dir elsewhere");
			}
			return;
		}
		log.info("Initialising a new PostgreSQL {} data directory in {} (initdb)", binariesVersion, this.dataDir);
		CommandResult initdb = run(asServerUser(List.of(bin("initdb"), "-D", this.dataDir.toString(), "-U", USER, "-A",
				"trust", "-E", "UTF8", "--locale=C")), Duration.ofMinutes(5));
		if (initdb.exitCode() != 0) {
			throw new IllegalStateException("initdb failed (" + initdb.exitCode() + "):\n" + initdb.output());
		}
	}

	/** A previous run that crashed may have left its server running. */
	private void stopLeftoverServer() throws IOException, InterruptedException {
		Optional<Long> pid = postmasterPid();
		if (pid.isEmpty()) {
			return;
		}
		boolean alive = isAlive(pid.get()) && commandLine(pid.get()).contains("postgres");
		if (!alive) {
			log.info("Removing stale postmaster.pid (pid {} is gone) from a previous run", pid.get());
			Files.deleteIfExists(this.dataDir.resolve("postmaster.pid"));
			return;
		}
		log.warn("Stopping PostgreSQL (pid {}) left running by a previous run in {}", pid.get(), this.dataDir);
		CommandResult stop = run(
				asServerUser(
						List.of(bin("pg_ctl"), "stop", "-D", this.dataDir.toString(), "-m", "fast", "-w", "-t", "60")),
				Duration.ofSeconds(75));
		if (stop.exitCode() != 0) {
			log.warn("pg_ctl stop failed ({}), killing pid {}: {}", stop.exitCode(), pid.get(), stop.output());
			ProcessHandle.of(pid.get()).ifPresent(ProcessHandle::destroyForcibly);
		}
		// pg_ctl returns once postmaster.pid is gone, a moment before the process is.
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (isAlive(pid.get()) && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
	}

	private static boolean isAlive(long pid) {
		return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
	}

	private void startServer(EmbeddedPostgresProperties settings) throws IOException, InterruptedException {
		int attempts = (settings.port() == 0) ? 3 : 1;
		for (int attempt = 1;; attempt++) {
			this.port = (settings.port() == 0) ? freePort() : settings.port();
			log.info("Starting embedded PostgreSQL on 127.0.0.1:{}{}", this.port,
					(this.runAsUid != null) ? " as uid " + this.runAsUid : "");
			List<String> command = new ArrayList<>(List.of("setsid", "--wait", "/bin/sh", "-c", WRAPPER,
					"atoll-postgres", bin("postgres"), "-D", this.dataDir.toString(), "-p", String.valueOf(this.port),
					"-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="));
			Path logFile = this.baseDir.resolve("postgres.log");
			this.server = new ProcessBuilder(asServerUser(command)).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
				.start();
			long started = System.nanoTime();
			if (awaitReady(settings.startTimeout())) {
				log.info("Embedded PostgreSQL ready on port {} after {} ms (data in {}, log in {})", this.port,
						TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), this.dataDir, logFile);
				return;
			}
			String tail = tail(logFile, 20);
			if (this.server.isAlive()) {
				throw new IllegalStateException("Embedded PostgreSQL did not accept connections within "
						+ settings.startTimeout() + "; its log ends with:\n" + tail);
			}
			if (attempt >= attempts) {
				throw new IllegalStateException(
						"Embedded PostgreSQL exited with " + this.server.exitValue() + "; its log ends with:\n" + tail);
			}
			log.warn("Embedded PostgreSQL exited during start (port {} taken?); retrying", this.port);
		}
	}

	private boolean awaitReady(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.server.isAlive()) {
				return false;
			}
			try (Connection connection = connect("postgres")) {
				return connection.isValid(5);
			}
			catch (SQLException notYet) {
				Thread.sleep(100);
			}
		}
		return false;
	}

	private void createDatabase(String database) {
		try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
			try (var rows = statement.executeQuery("select 1 from pg_database where datname = '" + database + "'")) {
				if (rows.next()) {
					return;
				}
			}
			log.info("Creating database {}", database);
			statement.execute("create database \"" + database + "\"");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create database " + database, ex);
		}
	}

	private Connection connect(String database) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", USER);
		properties.setProperty("connectTimeout", "2");
		return DriverManager.getConnection(jdbcUrl(database), properties);
	}

	private String majorVersion() throws IOException, InterruptedException {
		CommandResult version = run(List.of(bin("postgres"), "--version"), Duration.ofSeconds(30));
		// "postgres (PostgreSQL) 17.6"
		String[] words = version.output().trim().split("\\s+");
		if (version.exitCode() != 0 || words.length == 0) {
			throw new IllegalStateException("postgres --version failed: " + version.output());
		}
		return words[words.length - 1].split("\\.")[0];
	}

	private String bin(String program) {
		return this.installDir.resolve("bin").resolve(program).toString();
	}

	private List<String> asServerUser(List<String> command) {
		if (this.runAsUid == null) {
			return command;
		}
		List<String> prefixed = new ArrayList<>(
				List.of("setpriv", "--reuid=" + this.runAsUid, "--regid=" + this.runAsUid, "--clear-groups", "--"));
		prefixed.addAll(command);
		return prefixed;
	}

	private static CommandResult run(List<String> command, Duration timeout) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.start();
		byte[] output = process.getInputStream().readAllBytes();
		if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("Timed out after " + timeout + ": " + String.join(" ", command));
		}
		return new CommandResult(process.exitValue(), new String(output, StandardCharsets.UTF_8));
	}

	private static FileLock tryLock(FileChannel channel) throws IOException {
		try {
			return channel.tryLock();
		}
		catch (OverlappingFileLockException heldInThisJvm) {
			return null;
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/** Every directory above {@code dir} must let the unprivileged user through. */
	private static void requireSearchable(Path dir) throws IOException {
		for (Path ancestor = dir; ancestor != null; ancestor = ancestor.getParent()) {
			if (!Files.getPosixFilePermissions(ancestor).contains(PosixFilePermission.OTHERS_EXECUTE)) {
				throw new IllegalStateException("Embedded PostgreSQL runs as an unprivileged user who cannot reach "
						+ dir + " because " + ancestor + " is not world-searchable; set atoll.embedded-postgres.dir"
						+ " to a directory such as /var/lib/atoll/postgres");
			}
		}
	}

	private static void chownRecursively(Path dir, int uid) throws IOException {
		try (Stream<Path> paths = Files.walk(dir)) {
			paths.forEach((path) -> {
				try {
					if (!Integer.valueOf(uid).equals(Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS))) {
						Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
						Files.setAttribute(path, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
					}
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
	}

	/** The effective uid, from {@code /proc/self/status} ("Uid: real effective ..."). */
	static int effectiveUid() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith("Uid:")) {
					return Integer.parseInt(line.split("\\s+")[2]);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			log.debug("Cannot read /proc/self/status", ex);
		}
		return "root".equals(System.getProperty("user.name")) ? 0 : -1;
	}

	private static String commandLine(long pid) {
		try {
			return new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")),
					StandardCharsets.UTF_8)
				.replace('\0', ' ');
		}
		catch (IOException ex) {
			return "";
		}
	}

	private static String tail(Path file, int lines) {
		try {
			List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
			return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	private record CommandResult(int exitCode, String output) {
	}

}
