package dev.switchboard.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spectral (the version pinned in {@code src/test/spectral/package.json}) run from the
 * machine's Node.js: installed into {@code target/spectral} with npm when missing, then
 * asked to lint documents against {@code src/test/spectral/ruleset.yaml}.
 */
final class Spectral {

	/**
	 * An npm install fetches about 70 MB: bounded, so a stuck registry fails the test.
	 */
	private static final long INSTALL_MINUTES = 5;

	private static final long LINT_MINUTES = 2;

	private static final Path SOURCES = Path.of("src/test/spectral");

	private final Path home;

	private Spectral(Path home) {
		this.home = home;
	}

	/** The npm executable on the PATH, if there is one. */
	static Optional<Path> npm() {
		String path = System.getenv("PATH");
		if (path == null) {
			return Optional.empty();
		}
		for (String directory : path.split(File.pathSeparator)) {
			Path candidate = Path.of(directory, "npm");
			if (Files.isExecutable(candidate)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

	/**
	 * Spectral installed under {@code target}: the pinned package.json copied there and
	 * installed with npm unless the same one is installed already.
	 */
	static Spectral installed(Path npm, Path target) throws IOException, InterruptedException {
		Path home = target.resolve("spectral");
		Files.createDirectories(home);
		String wanted = Files.readString(SOURCES.resolve("package.json"));
		Path manifest = home.resolve("package.json");
		Path executable = home.resolve("node_modules/.bin/spectral");
		boolean current = Files.isExecutable(executable) && Files.exists(manifest)
				&& Files.readString(manifest).equals(wanted);
		if (!current) {
			Files.writeString(manifest, wanted);
			// No lockfile (it would name the registry), no install scripts, no audit.
			Path log = home.resolve("npm-install.log");
			int exit = run(home, INSTALL_MINUTES, log, npm.toString(), "install", "--no-package-lock", "--no-audit",
					"--no-fund", "--ignore-scripts");
			if (exit != 0) {
				throw new IllegalStateException("npm install of Spectral failed (exit " + exit + "): "
						+ Files.readString(log, StandardCharsets.UTF_8));
			}
		}
		return new Spectral(home);
	}

	/**
	 * Every finding of the ruleset in the documents.
	 * @param documents the OpenAPI documents
	 * @return one line per finding (file, line, severity, rule, message, path)
	 */
	List<String> lint(List<Path> documents) throws IOException, InterruptedException {
		Path results = this.home.resolve("results.json");
		Files.deleteIfExists(results);
		List<String> command = new ArrayList<>(List.of(this.home.resolve("node_modules/.bin/spectral").toString(),
				"lint", "--ruleset", SOURCES.resolve("ruleset.yaml").toAbsolutePath().toString(), "--format", "json",
				"--output", results.toString(), "--fail-severity", "hint"));
		documents.forEach((document) -> command.add(document.toAbsolutePath().toString()));
		Path log = this.home.resolve("lint.log");
		int exit = run(this.home, LINT_MINUTES, log, command.toArray(String[]::new));
		if (!Files.exists(results)) {
			throw new IllegalStateException("Spectral wrote no results (exit " + exit + "): " + Files.readString(log));
		}
		List<String> findings = new ArrayList<>();
		for (JsonNode finding : JsonMapper.builder().build().readTree(results.toFile())) {
			String severity = switch (finding.path("severity").asInt()) {
				case 0 -> "error";
				case 1 -> "warning";
				case 2 -> "info";
				default -> "hint";
			};
			findings.add("%s:%d %s %s: %s at %s".formatted(Path.of(finding.path("source").asString()).getFileName(),
					finding.path("range").path("start").path("line").asInt() + 1, severity,
					finding.path("code").asString(), finding.path("message").asString(), finding.path("path")));
		}
		if (exit != 0 && findings.isEmpty()) {
			throw new IllegalStateException("Spectral failed (exit " + exit + "): " + Files.readString(log));
		}
		return findings;
	}

	private static int run(Path directory, long minutes, Path log, String... command)
			throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			throw new IllegalStateException(String.join(" ", command) + " did not finish within " + minutes
					+ " minutes: " + Files.readString(log, StandardCharsets.UTF_8));
		}
		return process.exitValue();
	}

}
