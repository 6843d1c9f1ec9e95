package dev.switchboard.infra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Servers named by the environment are used as they are and never stopped.
 */
@SwitchboardInfra
class ExternalModeIT {

	private static final Map<String, String> PROPERTIES = Map.of("switchboard.kafka.bootstrap", "",
			"switchboard.postgres.url", "", "switchboard.postgres.user", "", "switchboard.postgres.password", "",
			"switchboard.redis.url", "", "switchboard.infra.mode", "");

	@AfterEach
	void clearProperties() {
		PROPERTIES.keySet().forEach(System::clearProperty);
	}

	@Test
	void externalLocationsPointAtRunningServers(Infra shared) throws Exception {
		System.setProperty("switchboard.infra.mode", "external");
		System.setProperty("switchboard.kafka.bootstrap", shared.kafka().bootstrapServers());
		System.setProperty("switchboard.postgres.url", shared.postgres().jdbcUrl());
		System.setProperty("switchboard.postgres.user", shared.postgres().username());
		System.setProperty("switchboard.postgres.password", shared.postgres().password());
		System.setProperty("switchboard.redis.url", shared.redis().url());
		try (Infra infra = Infra.start(InfraOptions.forTests())) {
			assertThat(infra.kafka()).isInstanceOf(ExternalKafka.class);
			assertThat(infra.kafka().bootstrapServers()).isEqualTo(shared.kafka().bootstrapServers());
			assertThat(infra.postgres().jdbcUrl()).isEqualTo(shared.postgres().jdbcUrl());
			assertThat(infra.postgres().port()).isEqualTo(shared.postgres().port());
			assertThat(infra.postgres().database()).isEqualTo("switchboard");
			assertThat(infra.postgres().r2dbcUrl("orders")).isEqualTo(shared.postgres().r2dbcUrl("orders"));
			assertThat(infra.redis().url()).isEqualTo(shared.redis().url());
			assertThat(infra.redis().port()).isEqualTo(shared.redis().port());
			try (Connection connection = DriverManager.getConnection(infra.postgres().jdbcUrl(),
					infra.postgres().username(), infra.postgres().password())) {
				assertThat(connection.isValid(2)).isTrue();
			}
			assertThatThrownBy(infra.kafka()::stop).isInstanceOf(UnsupportedOperationException.class);
			assertThatThrownBy(infra.redis()::stop).isInstanceOf(UnsupportedOperationException.class);
		}
		// Closing the external view leaves the servers running.
		assertThat(RedisPing.ping(shared.redis().host(), shared.redis().port(), 2_000)).isEqualTo("+PONG");
		try (Connection connection = DriverManager.getConnection(shared.postgres().jdbcUrl(),
				shared.postgres().username(), shared.postgres().password())) {
			assertThat(connection.isValid(2)).isTrue();
		}
	}

	@Test
	void oneLocationMakesOnlyThatServerExternal(Infra shared) {
		System.setProperty("switchboard.redis.url", shared.redis().url());
		InfraSettings settings = InfraSettings.fromEnvironment();
		assertThat(settings.redisMode(() -> false)).isEqualTo(InfraMode.EXTERNAL);
		assertThat(settings.kafkaMode(() -> false)).isEqualTo(InfraMode.EMBEDDED);
		assertThat(settings.postgresMode(() -> false)).isEqualTo(InfraMode.EMBEDDED);
	}

}
