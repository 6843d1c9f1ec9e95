package dev.switchboard.infra;

/**
 * Starts each server the way its mode says.
 */
final class Providers {

	private final InfraOptions options;

	private final InfraSettings settings;

	private final InfraData data;

	Providers(InfraOptions options, InfraSettings settings, InfraData data) {
		this.options = options;
		this.settings = settings;
		this.data = data;
	}

	KafkaEndpoint kafka(InfraMode mode) {
		return switch (mode) {
			case EXTERNAL -> ExternalKafka.of(this.settings.kafkaBootstrap().orElseThrow());
			case CONTAINERS -> ContainerKafka.start(port("Kafka", this.options.kafkaPort()));
			case EMBEDDED ->
				EmbeddedKafkaBroker.start(this.data.kafka(), port("Kafka", this.options.kafkaPort()), Ports.free());
		};
	}

	PostgresEndpoint postgres(InfraMode mode) {
		return switch (mode) {
			case EXTERNAL -> ExternalPostgres.of(this.settings.postgresUrl().orElseThrow(),
					this.settings.postgresUser().orElse(null), this.settings.postgresPassword().orElse(null));
			case CONTAINERS -> ContainerPostgres.start(port("PostgreSQL", this.options.postgresPort()));
			case EMBEDDED ->
				EmbeddedPostgresServer.start(this.data.postgres(), port("PostgreSQL", this.options.postgresPort()));
		};
	}

	RedisEndpoint redis(InfraMode mode) {
		return switch (mode) {
			case EXTERNAL -> ExternalRedis.of(this.settings.redisUrl().orElseThrow());
			case CONTAINERS -> ContainerRedis.start(port("Redis", this.options.redisPort()));
			case EMBEDDED -> EmbeddedRedisServer.start(this.data.redis(), port("Redis", this.options.redisPort()));
		};
	}

	private int port(String component, int wanted) {
		return Ports.resolve(component, this.options.fixedPorts(), wanted);
	}

}
