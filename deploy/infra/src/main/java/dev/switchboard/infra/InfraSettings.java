package dev.switchboard.infra;

import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * What the environment asks for: a forced mode and the locations of external servers.
 * Each setting is read from a system property first, then from its environment variable.
 *
 * @param forcedMode mode forced for every server, if any
 * @param kafkaBootstrap bootstrap servers of an external Kafka, if any
 * @param postgresUrl JDBC URL of an external PostgreSQL, if any
 * @param postgresUser user of the external PostgreSQL, if any
 * @param postgresPassword password of the external PostgreSQL, if any
 * @param redisUrl {@code redis://} URL of an external Redis, if any
 */
record InfraSettings(Optional<InfraMode> forcedMode, Optional<String> kafkaBootstrap, Optional<String> postgresUrl,
		Optional<String> postgresUser, Optional<String> postgresPassword, Optional<String> redisUrl) {

	static final String MODE = "SWITCHBOARD_INFRA_MODE";

	static final String KAFKA_BOOTSTRAP = "SWITCHBOARD_KAFKA_BOOTSTRAP";

	static final String POSTGRES_URL = "SWITCHBOARD_POSTGRES_URL";

	static final String POSTGRES_USER = "SWITCHBOARD_POSTGRES_USER";

	static final String POSTGRES_PASSWORD = "SWITCHBOARD_POSTGRES_PASSWORD";

	static final String REDIS_URL = "SWITCHBOARD_REDIS_URL";

	static InfraSettings fromEnvironment() {
		return from(System::getProperty, System::getenv);
	}

	/**
	 * Reads the settings; the system property of {@code SWITCHBOARD_KAFKA_BOOTSTRAP} is
	 * {@code switchboard.kafka.bootstrap}, and so on.
	 * @param properties system property lookup
	 * @param env environment variable lookup
	 * @return the settings
	 */
	static InfraSettings from(UnaryOperator<String> properties, UnaryOperator<String> env) {
		UnaryOperator<String> lookup = (name) -> {
			String value = properties.apply(propertyName(name));
			if (value == null || value.isBlank()) {
				value = env.apply(name);
			}
			return (value == null || value.isBlank()) ? null : value.trim();
		};
		return new InfraSettings(Optional.ofNullable(lookup.apply(MODE)).map(InfraMode::parse),
				Optional.ofNullable(lookup.apply(KAFKA_BOOTSTRAP)), Optional.ofNullable(lookup.apply(POSTGRES_URL)),
				Optional.ofNullable(lookup.apply(POSTGRES_USER)), Optional.ofNullable(lookup.apply(POSTGRES_PASSWORD)),
				Optional.ofNullable(lookup.apply(REDIS_URL)));
	}

	static String propertyName(String envName) {
		return envName.toLowerCase(Locale.ROOT).replace('_', '.');
	}

	InfraMode kafkaMode(BooleanSupplier dockerAvailable) {
		return modeFor(kafkaBootstrap, KAFKA_BOOTSTRAP, dockerAvailable);
	}

	InfraMode postgresMode(BooleanSupplier dockerAvailable) {
		return modeFor(postgresUrl, POSTGRES_URL, dockerAvailable);
	}

	InfraMode redisMode(BooleanSupplier dockerAvailable) {
		return modeFor(redisUrl, REDIS_URL, dockerAvailable);
	}

	/**
	 * A forced mode wins; otherwise a named location means external, then Docker means
	 * containers, else embedded.
	 */
	private InfraMode modeFor(Optional<String> location, String variable, BooleanSupplier dockerAvailable) {
		if (forcedMode.isPresent()) {
			if (forcedMode.get() == InfraMode.EXTERNAL && location.isEmpty()) {
				throw new IllegalStateException("Infrastructure mode is external but " + variable
						+ " (or system property " + propertyName(variable) + ") is not set");
			}
			return forcedMode.get();
		}
		if (location.isPresent()) {
			return InfraMode.EXTERNAL;
		}
		return dockerAvailable.getAsBoolean() ? InfraMode.CONTAINERS : InfraMode.EMBEDDED;
	}

}
