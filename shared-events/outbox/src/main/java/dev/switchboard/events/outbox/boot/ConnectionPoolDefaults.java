package dev.switchboard.events.outbox.boot;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Connection pool settings every service with PostgreSQL gets, below its own
 * configuration (any {@code spring.r2dbc.pool.*} a service or its environment sets wins),
 * so that the pool recovers from a PostgreSQL restart by itself.
 * <p>
 * A restart kills every pooled connection. The pool notices only when it hands one out
 * (it validates each connection on acquire: {@code local}, the socket is still open) and
 * then tries again; Spring Boot's one retry let a request fail after two dead
 * connections, so after a restart requests failed in a burst until the pool had thrown
 * every dead one away. With as many retries as the pool has connections, one acquire gets
 * past all of them. Creating a connection is bounded, so a PostgreSQL that accepts
 * connections but does not answer (hung) fails an acquire instead of holding it forever;
 * connections are renewed now and then, so none outlives a failover for long.
 */
class ConnectionPoolDefaults implements EnvironmentPostProcessor {

	static final String SOURCE = "switchboardConnectionPoolDefaults";

	static final Map<String, Object> DEFAULTS;

	static {
		Map<String, Object> defaults = new LinkedHashMap<>();
		// Spring Boot's own default size, should a service not set one.
		defaults.put("spring.r2dbc.pool.acquire-retry", "${spring.r2dbc.pool.max-size:10}");
		// The socket is open: no round trip per acquire. A dead server closes the socket.
		defaults.put("spring.r2dbc.pool.validation-depth", "local");
		defaults.put("spring.r2dbc.pool.max-create-connection-time", "10s");
		defaults.put("spring.r2dbc.pool.max-idle-time", "10m");
		defaults.put("spring.r2dbc.pool.max-life-time", "30m");
		DEFAULTS = Map.copyOf(defaults);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getPropertySources().contains(SOURCE)) {
			environment.getPropertySources().addLast(new MapPropertySource(SOURCE, DEFAULTS));
		}
	}

}
