package dev.switchboard.operations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** Files of the checkout these tests run in, and YAML read from them. */
final class Repository {

	private static final Path ROOT = findRoot();

	private Repository() {
	}

	static Path root() {
		return ROOT;
	}

	static Path file(String relative) {
		return ROOT.resolve(relative);
	}

	static String read(String relative) {
		try {
			return Files.readString(file(relative));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The first (or only) document of a YAML file, anchors and merge keys resolved. */
	static Map<String, Object> yaml(String relative) {
		List<Map<String, Object>> documents = yamlDocuments(relative);
		return documents.isEmpty() ? Map.of() : documents.get(0);
	}

	/** Every document of a YAML file (Kubernetes manifests hold several). */
	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> yamlDocuments(String relative) {
		LoaderOptions options = new LoaderOptions();
		options.setAllowDuplicateKeys(false);
		List<Map<String, Object>> documents = new ArrayList<>();
		for (Object document : new Yaml(options).loadAll(read(relative))) {
			if (document != null) {
				documents.add((Map<String, Object>) document);
			}
		}
		return documents;
	}

	private static Path findRoot() {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null) {
			if (Files.isDirectory(dir.resolve("shared-events")) && Files.isRegularFile(dir.resolve("pom.xml"))
					&& Files.isDirectory(dir.resolve("deploy"))) {
				return dir;
			}
			dir = dir.getParent();
		}
		throw new IllegalStateException("Run inside the Switchboard checkout");
	}

}
