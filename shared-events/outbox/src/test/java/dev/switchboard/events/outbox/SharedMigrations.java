package dev.switchboard.events.outbox;

import dev.switchboard.infra.PostgresEndpoint;
import org.flywaydb.core.Flyway;

/**
 * Creates the inbox and outbox tables of a test schema with the migrations this module
 * ships to every service ({@code classpath:db/inbox}, {@code classpath:db/outbox}), so
 * the tests run against the tables the services have.
 */
final class SharedMigrations {

	private SharedMigrations() {
	}

	static void apply(PostgresEndpoint postgres, String schema) {
		Flyway.configure()
			.dataSource(postgres.jdbcUrl(), postgres.username(), postgres.password())
			.schemas(schema)
			.defaultSchema(schema)
			.locations("classpath:db/inbox", "classpath:db/outbox")
			.load()
			.migrate();
	}

}
