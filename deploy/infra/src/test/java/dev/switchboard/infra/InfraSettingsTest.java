package dev.switchboard.infra;

import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class InfraSettingsTest {

	private static final BooleanSupplier NO_DOCKER = () -> false;

	private static final BooleanSupplier DOCKER = () -> true;

	private static final BooleanSupplier NOT_ASKED = () -> {
		throw new AssertionError("Docker must not be probed");
	};

	@Test
	void nothingSetMeansEmbeddedWithoutDockerAndContainersWithIt() {
		InfraSettings settings = settings(Map.of(), Map.of());
		assertThat(settings.kafkaMode(NO_DOCKER)).isEqualTo(InfraMode.EMBEDDED);
		assertThat(settings.postgresMode(NO_DOCKER)).isEqualTo(InfraMode.EMBEDDED);
		assertThat(settings.redisMode(NO_DOCKER)).isEqualTo(InfraMode.EMBEDDED);
		assertThat(settings.kafkaMode(DOCKER)).isEqualTo(InfraMode.CONTAINERS);
		assertThat(settings.postgresMode(DOCKER)).isEqualTo(InfraMode.CONTAINERS);
		assertThat(settings.redisMode(DOCKER)).isEqualTo(InfraMode.CONTAINERS);
	}

	@Test
	void aLocationMakesThatServerExternalWithoutProbingDocker() {
		InfraSettings settings = settings(Map.of(),
				Map.of("SWITCHBOARD_KAFKA_BOOTSTRAP", "kafka:9092", "SWITCHBOARD_POSTGRES_URL",
						"jdbc:postgresql://db:5432/switchboard", "SWITCHBOARD_REDIS_URL", "redis://cache:6379"));
		assertThat(settings.kafkaMode(NOT_ASKED)).isEqualTo(InfraMode.EXTERNAL);
		assertThat(settings.postgresMode(NOT_ASKED)).isEqualTo(InfraMode.EXTERNAL);
		assertThat(settings.redisMode(NOT_ASKED)).isEqualTo(InfraMode.EXTERNAL);
		assertThat(settings.kafkaBootstrap()).contains("kafka:9092");
	}

	@Test
	void aForcedModeWinsOverLocationsAndDocker() {
		InfraSettings settings = settings(Map.of(),
				Map.of("SWITCHBOARD_INFRA_MODE", "Embedded", "SWITCHBOARD_REDIS_URL", "redis://cache:6379"));
		assertThat(settings.forcedMode()).contains(InfraMode.EMBEDDED);
		assertThat(settings.redisMode(NOT_ASKED)).isEqualTo(InfraMode.EMBEDDED);
		assertThat(settings.kafkaMode(NOT_ASKED)).isEqualTo(InfraMode.EMBEDDED);
		assertThat(settings(Map.of(), Map.of("SWITCHBOARD_INFRA_MODE", "containers")).kafkaMode(NOT_ASKED))
			.isEqualTo(InfraMode.CONTAINERS);
	}

	@Test
	void forcedExternalNeedsEveryLocation() {
		InfraSettings settings = settings(Map.of(),
				Map.of("SWITCHBOARD_INFRA_MODE", "external", "SWITCHBOARD_KAFKA_BOOTSTRAP", "kafka:9092"));
		assertThat(settings.kafkaMode(NOT_ASKED)).isEqualTo(InfraMode.EXTERNAL);
		assertThatIllegalStateException().isThrownBy(() -> settings.postgresMode(NOT_ASKED))
			.withMessageContaining("SWITCHBOARD_POSTGRES_URL")
			.withMessageContaining("switchboard.postgres.url");
	}

	@Test
	void systemPropertiesWinOverEnvironmentAndBlankValuesCountAsUnset() {
		InfraSettings settings = settings(
				Map.of("switchboard.infra.mode", "external", "switchboard.kafka.bootstrap", "a:1",
						"switchboard.redis.url", " "),
				Map.of("SWITCHBOARD_INFRA_MODE", "embedded", "SWITCHBOARD_KAFKA_BOOTSTRAP", "b:2",
						"SWITCHBOARD_REDIS_URL", "redis://env:6379", "SWITCHBOARD_POSTGRES_USER", " "));
		assertThat(settings.forcedMode()).contains(InfraMode.EXTERNAL);
		assertThat(settings.kafkaBootstrap()).contains("a:1");
		assertThat(settings.redisUrl()).contains("redis://env:6379");
		assertThat(settings.postgresUser()).isEmpty();
	}

	@Test
	void anUnknownModeIsRejectedWithTheChoices() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> settings(Map.of("switchboard.infra.mode", "docker"), Map.of()))
			.withMessageContaining("embedded, containers or external");
	}

	@Test
	void propertyNamesFollowTheEnvironmentVariables() {
		assertThat(InfraSettings.propertyName("SWITCHBOARD_POSTGRES_PASSWORD"))
			.isEqualTo("switchboard.postgres.password");
	}

	@Test
	void settingsCanBeBuiltDirectly() {
		InfraSettings settings = new InfraSettings(Optional.empty(), Optional.empty(), Optional.empty(),
				Optional.empty(), Optional.empty(), Optional.of("redis://x:1"));
		assertThat(settings.redisMode(NOT_ASKED)).isEqualTo(InfraMode.EXTERNAL);
	}

	private static InfraSettings settings(Map<String, String> properties, Map<String, String> env) {
		return InfraSettings.from(properties::get, env::get);
	}

}
