package dev.switchboard.infra;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Spring properties that point a service at the infrastructure. In a test:
 * <pre>{@code
 * &#64;DynamicPropertySource
 * static void infra(DynamicPropertyRegistry registry) {
 *     SpringInfraProperties.forService(SharedInfra.get(), "orders")
 *         .forEach((name, value) -> registry.add(name, () -> value));
 * }
 * }</pre>
 */
public final class SpringInfraProperties {

	private SpringInfraProperties() {
	}

	/**
	 * Returns Kafka, R2DBC, Flyway and Redis properties for a service owning
	 * {@code schema}: R2DBC works in that schema, Flyway creates and migrates it.
	 * @param infra the running infrastructure
	 * @param schema the service's schema, a lower-case SQL identifier
	 * @return the properties, in a stable order
	 */
	public static Map<String, Object> forService(Infra infra, String schema) {
		PostgresUrls.checkSchema(schema);
		PostgresEndpoint postgres = infra.postgres();
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("switchboard.kafka.bootstrap-servers", infra.kafka().bootstrapServers());
		// One local broker: a consumer that stops handling is restarted quickly.
		properties.put("switchboard.kafka.stall-timeout", "10s");
		properties.put("spring.r2dbc.url", postgres.r2dbcUrl(schema));
		properties.put("spring.r2dbc.username", postgres.username());
		properties.put("spring.r2dbc.password", postgres.password());
		properties.put("spring.flyway.url", postgres.jdbcUrl());
		properties.put("spring.flyway.user", postgres.username());
		properties.put("spring.flyway.password", postgres.password());
		properties.put("spring.flyway.schemas", schema);
		properties.put("spring.flyway.default-schema", schema);
		properties.put("spring.data.redis.url", infra.redis().url());
		return Collections.unmodifiableMap(properties);
	}

}
