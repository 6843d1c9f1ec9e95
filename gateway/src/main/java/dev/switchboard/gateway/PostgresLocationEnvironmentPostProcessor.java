package dev.switchboard.gateway;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Derives the R2DBC URL of the gateway schema from the JDBC URL the platform hands every
 * service ({@code SWITCHBOARD_POSTGRES_URL}), so one setting serves both Flyway (JDBC)
 * and the runtime (R2DBC). An explicit {@code switchboard.postgres.r2dbc-url} wins.
 */
class PostgresLocationEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String JDBC_URL = "switchboard.postgres.url";

	static final String R2DBC_URL = "switchboard.postgres.r2dbc-url";

	static final String SCHEMA = "gateway";

	private static final String JDBC_PREFIX = "jdbc:";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String jdbcUrl = environment.getProperty(JDBC_URL);
		if (jdbcUrl == null || !jdbcUrl.startsWith(JDBC_PREFIX) || environment.containsProperty(R2DBC_URL)) {
			return;
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource("switchboardPostgresLocation", Map.of(R2DBC_URL, r2dbcUrl(jdbcUrl))));
	}

	static String r2dbcUrl(String jdbcUrl) {
		String url = "r2dbc:" + jdbcUrl.substring(JDBC_PREFIX.length());
		return url + (url.contains("?") ? "&" : "?") + "schema=" + SCHEMA;
	}

}
