package dev.switchboard.events.outbox;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.switchboard.infra.Infra;
import dev.switchboard.infra.SharedInfra;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inbox against real PostgreSQL: an event is a first delivery once per consumer
 * group, whether recorded alone or with others, and a rolled-back record is no record.
 */
class InboxIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String TABLE = "inbox_it.inbox";

	private static DatabaseClient database;

	private static TransactionalOperator transactions;

	private final Inbox inbox = new Inbox(database, TABLE);

	private final String group = "group-" + UUID.randomUUID();

	@BeforeAll
	static void infrastructure() {
		Infra infra = SharedInfra.get();
		database = DatabaseClient.create(TestDatabase.connections(infra.postgres()));
		transactions = TransactionalOperator.create(new R2dbcTransactionManager(database.getConnectionFactory()));
		TestDatabase.migrate(infra.postgres(), "inbox_it");
	}

	@Test
	void severalDeliveriesAreFirstOnlyForIdsTheGroupHasNotProcessed() {
		assertThat(this.inbox.firstDelivery(this.group, "a", "t1").block(TIMEOUT)).isTrue();

		Set<String> fresh = this.inbox
			.firstDeliveries(this.group, List.of(delivery("c"), delivery("a"), delivery("b"), delivery("c")))
			.block(TIMEOUT);

		assertThat(fresh).containsExactlyInAnyOrder("b", "c");
		assertThat(this.inbox.firstDeliveries(this.group, List.of(delivery("b"), delivery("d"))).block(TIMEOUT))
			.containsExactly("d");
		assertThat(this.inbox.firstDelivery(this.group, "c", "t1").block(TIMEOUT)).isFalse();
		assertThat(
				this.inbox.firstDeliveries("other-" + this.group, List.of(delivery("a"), delivery("b"))).block(TIMEOUT))
			.containsExactlyInAnyOrder("a", "b");
		assertThat(this.inbox.firstDeliveries(this.group, List.of()).block(TIMEOUT)).isEmpty();
		assertThat(tenantOf("b")).isEqualTo("t1");
	}

	@Test
	void deliveriesRecordedInARolledBackTransactionAreFirstAgain() {
		Mono<Set<String>> failing = this.inbox.firstDeliveries(this.group, List.of(delivery("a"), delivery("b")))
			.flatMap((fresh) -> Mono.error(new IllegalStateException("state change failed")));
		transactions.transactional(failing)
			.onErrorResume(IllegalStateException.class, (ex) -> Mono.empty())
			.block(TIMEOUT);

		assertThat(this.inbox.firstDeliveries(this.group, List.of(delivery("a"), delivery("b"))).block(TIMEOUT))
			.containsExactlyInAnyOrder("a", "b");
	}

	private static Inbox.Delivery delivery(String eventId) {
		return new Inbox.Delivery(eventId, "t1");
	}

	private String tenantOf(String eventId) {
		return database.sql("SELECT tenant_id FROM " + TABLE + " WHERE consumer_group = :group AND event_id = :id")
			.bind("group", this.group)
			.bind("id", eventId)
			.map((row) -> row.get("tenant_id", String.class))
			.one()
			.block(TIMEOUT);
	}

}
