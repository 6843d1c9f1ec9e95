package dev.switchboard.infra;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class InfraOptionsTest {

	@Test
	void testOptionsUseFreePortsAndAFreshFolderUnderTarget() throws Exception {
		InfraOptions options = InfraOptions.forTests();
		InfraOptions other = InfraOptions.forTests();
		try {
			assertThat(options.fixedPorts()).isFalse();
			assertThat(options.kafkaPort()).isZero();
			assertThat(options.postgresPort()).isZero();
			assertThat(options.redisPort()).isZero();
			assertThat(options.dataDir()).isDirectory()
				.startsWith(Path.of("target", "switchboard-infra").toAbsolutePath());
			assertThat(other.dataDir()).isNotEqualTo(options.dataDir());
		}
		finally {
			Files.deleteIfExists(options.dataDir());
			Files.deleteIfExists(other.dataDir());
		}
	}

	@Test
	void localOptionsUseTheWellKnownPorts() {
		InfraOptions options = InfraOptions.local();
		assertThat(options.fixedPorts()).isTrue();
		assertThat(options.kafkaPort()).isEqualTo(9092);
		assertThat(options.postgresPort()).isEqualTo(5432);
		assertThat(options.redisPort()).isEqualTo(6379);
		assertThat(options.dataDir()).isEqualTo(Path.of("target", "local-data").toAbsolutePath());
		assertThat(InfraOptions.local(Path.of("/data/sb")).dataDir()).isEqualTo(Path.of("/data/sb"));
	}

	@Test
	void portsMustBeValid() {
		assertThatIllegalArgumentException().isThrownBy(() -> new InfraOptions(true, 70000, 1, 1, Path.of("x")))
			.withMessageContaining("kafkaPort");
		assertThatIllegalArgumentException().isThrownBy(() -> new InfraOptions(true, 1, -1, 1, Path.of("x")))
			.withMessageContaining("postgresPort");
	}

	@Test
	void aTakenPortFailsWhenFixedAndIsReplacedOtherwise() throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			int port = taken.getLocalPort();
			assertThatIllegalStateException().isThrownBy(() -> Ports.resolve("Kafka", true, port))
				.withMessageContaining("Kafka port " + port + " is already in use");
			assertThat(Ports.resolve("Kafka", false, port)).isNotEqualTo(port).isPositive();
		}
		int free = Ports.free();
		assertThat(Ports.resolve("Redis", true, free)).isEqualTo(free);
		assertThat(Ports.resolve("Redis", true, 0)).isPositive();
	}

}
