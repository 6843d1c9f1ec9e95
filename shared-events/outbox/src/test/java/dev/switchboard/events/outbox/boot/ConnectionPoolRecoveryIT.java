package dev.switchboard.events.outbox.boot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.switchboard.events.kafka.FailureClassifier;
import dev.switchboard.infra.PostgresEndpoint;
import dev.switchboard.infra.SharedInfra;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A service's connection pool, configured as every service's is (Spring Boot with this
 * module's pool defaults), across a real PostgreSQL restart: every connection it held
 * died with the server, yet the first queries after the restart all succeed, and during
 * the outage a query fails (fast) with a failure the consumers count as unavailable
 * infrastructure.
 */
class ConnectionPoolRecoveryIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final int POOL = 8;

	@Test
	void theFirstQueriesAfterARestartSucceedAlthoughEveryPooledConnectionDied() {
		PostgresEndpoint postgres = SharedInfra.get().postgres();
		try (ConfigurableApplicationContext service = start(postgres)) {
			ConnectionPool pool = service.getBean(ConnectionPool.class);
			DatabaseClient database = DatabaseClient.create(pool);
			fill(pool);
			assertThat(pool.getMetrics().orElseThrow().idleSize()).isEqualTo(POOL);
			try {
				postgres.stop();
				Throwable outage = catchThrowable(() -> selectOne(database));
				assertThat(outage).isNotNull();
				assertThat(FailureClassifier.defaults().isInfrastructure(outage)).as(outage.toString()).isTrue();
			}
			finally {
				postgres.start();
			}
			// Not eventually: each one right away.
			for (int query = 0; query < 2 * POOL; query++) {
				assertThat(selectOne(database)).isEqualTo(1);
			}
		}
	}

	@Test
	void idleConnectionsThatDiedWithTheServerAreSkippedOnTheFirstAcquire() {
		PostgresEndpoint postgres = SharedInfra.get().postgres();
		try (ConfigurableApplicationContext service = start(postgres)) {
			ConnectionPool pool = service.getBean(ConnectionPool.class);
			fill(pool);
			// Down and up again while nothing asks the pool for a connection (a service
			// idle through the outage).
			postgres.stop();
			postgres.start();
			assertThat(selectOne(DatabaseClient.create(pool))).isEqualTo(1);
		}
	}

	/** Every connection of the pool opened, used once and released: all idle. */
	private static void fill(ConnectionFactory pool) {
		List<Connection> connections = new ArrayList<>();
		Flux.range(0, POOL)
			.flatMap((index) -> Mono.<Connection>from(pool.create()))
			.doOnNext(connections::add)
			.concatMap((connection) -> Flux.from(connection.createStatement("SELECT 1").execute())
				.flatMap((result) -> result.getRowsUpdated()))
			.blockLast(TIMEOUT);
		Flux.fromIterable(connections).concatMap(Connection::close).blockLast(TIMEOUT);
	}

	private static Integer selectOne(DatabaseClient database) {
		return database.sql("SELECT 1 AS one").map((row) -> row.get("one", Integer.class)).one().block(TIMEOUT);
	}

	/** As a service starts: Spring Boot's pool, this module's defaults, its own size. */
	private static ConfigurableApplicationContext start(PostgresEndpoint postgres) {
		return new SpringApplicationBuilder(PoolOnly.class).web(WebApplicationType.NONE)
			.properties("spring.r2dbc.url=" + postgres.r2dbcUrl("public"),
					"spring.r2dbc.username=" + postgres.username(), "spring.r2dbc.password=" + postgres.password(),
					"spring.r2dbc.pool.initial-size=2", "spring.r2dbc.pool.max-size=" + POOL,
					"spring.main.banner-mode=off")
			.run();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(R2dbcAutoConfiguration.class)
	static class PoolOnly {

	}

}
