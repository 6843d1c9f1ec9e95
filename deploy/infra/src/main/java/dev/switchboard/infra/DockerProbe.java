package dev.switchboard.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Tells whether a Docker engine can run containers. Looks for the usual signs first (a
 * socket, {@code DOCKER_HOST}, a Testcontainers configuration) so that machines without
 * Docker pay nothing; only then asks Testcontainers, which may take a while.
 */
final class DockerProbe {

	private static final Logger log = LoggerFactory.getLogger(DockerProbe.class);

	private DockerProbe() {
	}

	static boolean isDockerAvailable() {
		if (!hasDockerSigns(System::getenv, Path.of(System.getProperty("user.home", "/nonexistent")))) {
			return false;
		}
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			log.debug("Docker check failed", ex);
			return false;
		}
	}

	static boolean hasDockerSigns(UnaryOperator<String> env, Path home) {
		if (notBlank(env.apply("DOCKER_HOST")) || notBlank(env.apply("TESTCONTAINERS_HOST_OVERRIDE"))) {
			return true;
		}
		String runtimeDir = env.apply("XDG_RUNTIME_DIR");
		List<Path> sockets = List.of(Path.of("/var/run/docker.sock"), Path.of("/run/docker.sock"),
				home.resolve(".docker/run/docker.sock"), home.resolve(".docker/desktop/docker.sock"),
				home.resolve(".rd/docker.sock"), home.resolve(".colima/default/docker.sock"),
				Path.of(notBlank(runtimeDir) ? runtimeDir : "/nonexistent", "docker.sock"),
				Path.of(notBlank(runtimeDir) ? runtimeDir : "/nonexistent", "podman/podman.sock"));
		for (Path socket : sockets) {
			if (Files.exists(socket)) {
				return true;
			}
		}
		return configuresDockerHost(home.resolve(".testcontainers.properties"));
	}

	private static boolean configuresDockerHost(Path properties) {
		if (!Files.isRegularFile(properties)) {
			return false;
		}
		try {
			return Files.readAllLines(properties)
				.stream()
				.anyMatch((line) -> line.startsWith("docker.host") || line.startsWith("docker.client.strategy"));
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static boolean notBlank(String value) {
		return value != null && !value.isBlank();
	}

}
