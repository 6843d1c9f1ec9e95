package dev.switchboard.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import reactor.core.publisher.Mono;

/**
 * A private copy of a service's executable jar to run from. A JVM reads classes from its
 * jar long after start-up; rebuilding the module while the stack runs
 * ({@code mvn install} rewrites {@code target/*.jar}) would otherwise pull classes from
 * under the running service ({@code NoClassDefFoundError}). A jar caught half-written by
 * a build is not a complete zip: the copy is taken again until it is.
 */
final class JarSnapshot {

	private static final int ATTEMPTS = 30;

	private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

	private JarSnapshot() {
	}

	/** Copies the jar into a new temporary directory; the copy's path. */
	static Path of(Path jar) throws IOException {
		Path dir = Files.createTempDirectory("switchboard-" + jar.getFileName().toString().replace(".jar", "") + "-");
		Path copy = dir.resolve(jar.getFileName());
		// also when the stack's JVM ends without stopping its services
		dir.toFile().deleteOnExit();
		copy.toFile().deleteOnExit();
		try {
			return Mono.fromCallable(() -> Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING))
				.filter(JarSnapshot::isComplete)
				.repeatWhenEmpty(ATTEMPTS, (empty) -> empty.delayElements(RETRY_AFTER))
				.switchIfEmpty(
						Mono.error(() -> new IOException(jar + " is not a complete jar; is a build writing it?")))
				.block();
		}
		catch (RuntimeException ex) {
			delete(copy);
			if (ex.getCause() instanceof IOException io) {
				throw io;
			}
			throw ex;
		}
	}

	/** Whether the file is a readable zip (a half-written one lacks its directory). */
	static boolean isComplete(Path jar) {
		try (ZipFile zip = new ZipFile(jar.toFile())) {
			return zip.size() > 0;
		}
		catch (ZipException ex) {
			return false;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Removes a copy and its directory. */
	static void delete(Path copy) {
		try {
			Files.deleteIfExists(copy);
			Files.deleteIfExists(copy.getParent());
		}
		catch (IOException ex) {
			// a temporary file; the OS cleans it eventually
		}
	}

}
