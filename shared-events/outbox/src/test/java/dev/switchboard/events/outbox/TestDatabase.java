package dev.switchboard.events.outbox;

import dev.switchboard.infra.PostgresEndpoint;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import org.flywaydb.core.Flyway;

/**
 * The test database: connections to the shared PostgreSQL, and the inbox and outbox
 * tables of a test schema created with the migrations this module ships to every service
 * ({@code classpath:db/inbox}, {@code classpath:db/outbox}), so the tests run against the
 * tables the services have.
 */
final class TestDatabase {

	private TestDatabase() {
	}

	static PostgresqlConnectionFactory connections(PostgresEndpoint postgres) {
		return new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
			.host(postgres.host())
			.port(postgres.port())
			.database(postgres.database())
			.username(postgres.username())
			.password(postgres.password())
			.build());
	}

	static void migrate(PostgresEndpoint postgres, String schema) {
		Flyway.configure()
			.dataSource(postgres.jdbcUrl(), postgres.username(), postgres.password())
			.schemas(schema)
			.defaultSchema(schema)
			.locations("classpath:db/inbox", "classpath:db/outbox")
			.load()
			.migrate();
	}

}
