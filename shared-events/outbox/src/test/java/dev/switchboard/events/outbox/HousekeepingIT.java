package dev.switchboard.events.outbox;

import java.time.Duration;
import java.time.Instant;

import dev.switchboard.infra.Infra;
import dev.switchboard.infra.SharedInfra;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Housekeeping against real PostgreSQL: rows older than the retention go, in batches of
 * the batch size; newer rows stay; two instances purging at once delete every old row
 * once between them, without waiting for each other.
 */
class HousekeepingIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final String TABLE = "housekeeping_it.inbox";

	private static final Purge INBOX = new Purge(TABLE, "processed_at", Duration.ofDays(35));

	private static DatabaseClient database;

	@BeforeAll
	static void infrastructure() {
		Infra infra = SharedInfra.get();
		PostgresqlConnectionFactory connections = TestDatabase.connections(infra.postgres());
		database = DatabaseClient
			.create(new ConnectionPool(ConnectionPoolConfiguration.builder(connections).maxSize(4).build()));
		TestDatabase.migrate(infra.postgres(), "housekeeping_it");
	}

	@BeforeEach
	void empty() {
		database.sql("TRUNCATE " + TABLE).then().block(TIMEOUT);
	}

	@Test
	void purgesRowsOlderThanTheRetentionInBatchesAndKeepsTheRest() {
		insert("old", 25, Duration.ofDays(36));
		insert("new", 5, Duration.ofDays(34));
		Housekeeping housekeeping = new Housekeeping(database, java.util.List.of(INBOX), Duration.ofHours(1), 10);

		Housekeeping.Result result = housekeeping.purge(INBOX).block(TIMEOUT);

		assertThat(result).isEqualTo(new Housekeeping.Result(25, 3));
		assertThat(count("old")).isZero();
		assertThat(count("new")).isEqualTo(5);
		assertThat(housekeeping.purge(INBOX).block(TIMEOUT)).isEqualTo(new Housekeeping.Result(0, 1));
	}

	@Test
	void twoInstancesPurgingAtOnceDeleteEveryOldRowOnce() {
		insert("old", 5_000, Duration.ofDays(40));
		insert("new", 100, Duration.ofDays(1));
		Housekeeping one = new Housekeeping(database, java.util.List.of(INBOX), Duration.ofHours(1), 100);
		Housekeeping other = new Housekeeping(database, java.util.List.of(INBOX), Duration.ofHours(1), 100);

		long deleted = Mono.zip(one.purge(INBOX), other.purge(INBOX))
			.map((both) -> both.getT1().deleted() + both.getT2().deleted())
			.block(TIMEOUT);

		assertThat(deleted).isEqualTo(5_000);
		assertThat(count("old")).isZero();
		assertThat(count("new")).isEqualTo(100);
	}

	private static void insert(String group, int rows, Duration age) {
		database
			.sql("INSERT INTO " + TABLE + " SELECT :group, :group || '-' || n, 't1', :at::timestamptz - n * interval "
					+ "'1 millisecond' FROM generate_series(1, :rows) AS n")
			.bind("group", group)
			.bind("at", Instant.now().minus(age))
			.bind("rows", rows)
			.then()
			.block(TIMEOUT);
	}

	private static long count(String group) {
		return database.sql("SELECT count(*) AS n FROM " + TABLE + " WHERE consumer_group = :group")
			.bind("group", group)
			.map((row) -> row.get("n", Long.class))
			.one()
			.block(TIMEOUT);
	}

}
