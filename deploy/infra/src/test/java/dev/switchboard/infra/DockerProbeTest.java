package dev.switchboard.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class DockerProbeTest {

	@TempDir
	Path home;

	@Test
	void dockerHostCountsAsASign() {
		assertThat(DockerProbe.hasDockerSigns(Map.of("DOCKER_HOST", "tcp://docker:2375")::get, this.home)).isTrue();
	}

	@Test
	void aSocketInTheHomeDirectoryCountsAsASign() throws Exception {
		Files.createDirectories(this.home.resolve(".docker/run"));
		Files.createFile(this.home.resolve(".docker/run/docker.sock"));
		assertThat(DockerProbe.hasDockerSigns(Map.<String, String>of()::get, this.home)).isTrue();
	}

	@Test
	void aTestcontainersDockerHostCountsAsASign() throws Exception {
		Files.writeString(this.home.resolve(".testcontainers.properties"), "docker.host=tcp://remote:2376\n");
		assertThat(DockerProbe.hasDockerSigns(Map.<String, String>of()::get, this.home)).isTrue();
	}

	@Test
	void noSignMeansNoDockerWithoutAskingTestcontainers() {
		assumeFalse(Files.exists(Path.of("/var/run/docker.sock")) || Files.exists(Path.of("/run/docker.sock")),
				"this machine has a Docker socket");
		assertThat(DockerProbe.hasDockerSigns(Map.<String, String>of()::get, this.home)).isFalse();
	}

}
