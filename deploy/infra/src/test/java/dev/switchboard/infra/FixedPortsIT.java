package dev.switchboard.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A long-lived stack listens on exactly the ports it is given and keeps its data on
 * close. (Other ports than the local stack's, so that a running local stack is not
 * disturbed.)
 */
class FixedPortsIT {

	@Test
	void serversListenOnTheGivenPortsAndKeepTheirData(@TempDir Path dataDir) throws Exception {
		int kafkaPort = freeFixedPort();
		int postgresPort = freeFixedPort();
		int redisPort = freeFixedPort();
		InfraSettings embedded = new InfraSettings(Optional.of(InfraMode.EMBEDDED), Optional.empty(), Optional.empty(),
				Optional.empty(), Optional.empty(), Optional.empty());
		InfraOptions options = new InfraOptions(true, kafkaPort, postgresPort, redisPort, dataDir);
		try (Infra infra = Infra.start(options, embedded, () -> false)) {
			assertThat(infra.kafka().bootstrapServers()).isEqualTo("localhost:" + kafkaPort);
			assertThat(infra.postgres().port()).isEqualTo(postgresPort);
			assertThat(infra.redis().port()).isEqualTo(redisPort);
			try (Connection connection = DriverManager.getConnection(infra.postgres().jdbcUrl(),
					infra.postgres().username(), infra.postgres().password())) {
				assertThat(connection.isValid(2)).isTrue();
			}
			assertThat(RedisPing.ping(infra.redis().host(), redisPort, 2_000)).isEqualTo("+PONG");
		}
		assertThat(Ports.isFree(kafkaPort)).isTrue();
		assertThat(Ports.isFree(postgresPort)).isTrue();
		assertThat(Ports.isFree(redisPort)).isTrue();
		assertThat(dataDir.resolve("kafka/meta.properties")).exists();
		assertThat(dataDir.resolve("postgres/PG_VERSION")).exists();
		try (var redisFiles = Files.list(dataDir.resolve("redis"))) {
			assertThat(redisFiles).isNotEmpty();
		}
	}

	/**
	 * A free port below the kernel's ephemeral range (32768 and up here): a port picked
	 * from that range can be taken as the local end of any outgoing connection (the
	 * broker's, PostgreSQL's) before the server that was meant to get it starts.
	 */
	private static int freeFixedPort() {
		for (int attempt = 0; attempt < 100; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
			if (Ports.isFree(port)) {
				return port;
			}
		}
		throw new IllegalStateException("No free port between 20000 and 32000");
	}

}
