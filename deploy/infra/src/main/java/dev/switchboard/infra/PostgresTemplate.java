package dev.switchboard.infra;

import java.io.IOException;
import java.net.URL;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A ready-made PostgreSQL data directory (initdb done, {@code switchboard} database
 * created), built once per machine and PostgreSQL build next to zonky's binary cache and
 * copied for each start: a copy takes a fraction of a second, initdb several.
 */
final class PostgresTemplate {

	private static final Logger log = LoggerFactory.getLogger(PostgresTemplate.class);

	private static final String BINARIES = "postgres-linux-x86_64.txz";

	/** Files that belong to one running instance, not to the template. */
	private static final Set<String> INSTANCE_FILES = Set.of("epg-lock", "postmaster.pid", "postmaster.opts");

	private PostgresTemplate() {
	}

	/**
	 * Fills {@code dataDir} from the template, building the template first if needed.
	 * @param dataDir empty data directory
	 * @return whether {@code dataDir} now holds a database cluster; false leaves it empty
	 * so that zonky runs initdb itself
	 */
	static boolean copyInto(Path dataDir) {
		try {
			Optional<Path> template = template();
			if (template.isEmpty()) {
				return false;
			}
			copy(template.get(), dataDir);
			return true;
		}
		catch (IOException | RuntimeException ex) {
			log.warn("No PostgreSQL template, running initdb instead: {}", ex.toString());
			emptyQuietly(dataDir);
			return false;
		}
	}

	private static void emptyQuietly(Path dataDir) {
		try {
			InfraData.deleteRecursively(dataDir);
			Files.createDirectories(dataDir);
		}
		catch (IOException ex) {
			log.debug("Could not empty {}", dataDir, ex);
		}
	}

	private static Optional<Path> template() throws IOException {
		URL binaries = EmbeddedPostgres.class.getResource("/" + BINARIES);
		if (binaries == null) {
			return Optional.empty();
		}
		Path base = Path.of(System.getProperty("ot.epg.working-dir",
				Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toString()), "switchboard");
		// One template per binaries jar (its URL names the PostgreSQL version).
		Path template = base.resolve("template-" + Integer.toHexString(binaries.toString().hashCode()));
		if (!Files.isDirectory(template)) {
			build(Files.createDirectories(base), template);
		}
		return Optional.of(template);
	}

	private static void build(Path base, Path template) throws IOException {
		long startNanos = System.nanoTime();
		Path building = Files.createTempDirectory(base, "building-");
		Path data = building.resolve("data");
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
			.setDataDirectory(data)
			.setCleanDataDirectory(false)
			.setRegisterShutdownHook(false)
			.start()) {
			EmbeddedPostgresServer.createDatabase(postgres);
		}
		for (String instanceFile : INSTANCE_FILES) {
			Files.deleteIfExists(data.resolve(instanceFile));
		}
		try {
			// Atomic: other JVMs see either no template or a complete one.
			Files.move(data, template, StandardCopyOption.ATOMIC_MOVE);
			log.info("PostgreSQL template built in {} ms at {}", StartLog.elapsedMillis(startNanos), template);
		}
		catch (FileAlreadyExistsException ex) {
			log.debug("Another JVM built the PostgreSQL template first");
		}
		catch (IOException ex) {
			if (!Files.isDirectory(template)) {
				throw ex;
			}
		}
		finally {
			InfraData.deleteRecursively(building);
		}
	}

	private static void copy(Path template, Path dataDir) throws IOException {
		Files.walkFileTree(template, new SimpleFileVisitor<>() {

			@Override
			public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
				Path target = dataDir.resolve(template.relativize(dir).toString());
				Files.createDirectories(target);
				// PostgreSQL refuses a data directory others can read.
				Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
				if (!INSTANCE_FILES.contains(file.getFileName().toString())) {
					Files.copy(file, dataDir.resolve(template.relativize(file).toString()),
							StandardCopyOption.COPY_ATTRIBUTES);
				}
				return FileVisitResult.CONTINUE;
			}

		});
	}

}
