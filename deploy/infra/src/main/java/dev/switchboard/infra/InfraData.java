package dev.switchboard.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servers' folders inside the data directory. Only these folders are ever wiped, so a
 * data directory pointing somewhere unexpected loses nothing else.
 */
final class InfraData {

	private static final Logger log = LoggerFactory.getLogger(InfraData.class);

	private final Path root;

	private final boolean throwaway;

	private InfraData(Path root, boolean throwaway) {
		this.root = root;
		this.throwaway = throwaway;
	}

	/**
	 * Empties the servers' folders of {@code options.dataDir()}.
	 * @param options the options
	 * @return the folders
	 */
	static InfraData prepare(InfraOptions options) {
		InfraData data = new InfraData(options.dataDir(), !options.fixedPorts());
		try {
			for (Path folder : data.folders()) {
				deleteRecursively(folder);
				Files.createDirectories(folder);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot prepare infrastructure data under " + data.root, ex);
		}
		return data;
	}

	Path kafka() {
		return this.root.resolve("kafka");
	}

	Path postgres() {
		return this.root.resolve("postgres");
	}

	Path redis() {
		return this.root.resolve("redis");
	}

	/**
	 * Deletes the folders (and the data directory once empty) of a throwaway instance;
	 * keeps a long-lived stack's data for inspection.
	 */
	void cleanUp() {
		if (!this.throwaway) {
			return;
		}
		try {
			for (Path folder : folders()) {
				deleteRecursively(folder);
			}
			try (Stream<Path> remaining = Files.list(this.root)) {
				if (remaining.findAny().isEmpty()) {
					Files.delete(this.root);
				}
			}
		}
		catch (IOException ex) {
			log.warn("Could not delete infrastructure data under {}", this.root, ex);
		}
	}

	private List<Path> folders() {
		return List.of(kafka(), postgres(), redis());
	}

	static void deleteRecursively(Path path) throws IOException {
		if (!Files.exists(path)) {
			return;
		}
		Files.walkFileTree(path, new SimpleFileVisitor<>() {

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
				Files.deleteIfExists(file);
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
				if (exc instanceof NoSuchFileException) {
					return FileVisitResult.CONTINUE;
				}
				throw exc;
			}

			@Override
			public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
				Files.deleteIfExists(dir);
				return FileVisitResult.CONTINUE;
			}

		});
	}

}
