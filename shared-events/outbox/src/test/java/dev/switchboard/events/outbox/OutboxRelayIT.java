package dev.switchboard.events.outbox;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.kafka.KafkaSettings;
import dev.switchboard.events.kafka.TopicAdmin;
import dev.switchboard.events.messaging.MessageStatusChanged;
import dev.switchboard.infra.Infra;
import dev.switchboard.infra.SharedInfra;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox against real PostgreSQL and Kafka: what a committed transaction appended
 * leaves once, in order; what a rolled-back one appended never leaves; an unreadable row
 * does not hold up the rows behind it. The relay runs on commit signals alone (its poll
 * is far beyond the tests' patience).
 */
class OutboxRelayIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String TABLE = "outbox_it.events";

	private static final URI SOURCE = URI.create("urn:switchboard:outbox-it");

	private static KafkaSettings kafka;

	private static EventPublisher publisher;

	private static DatabaseClient database;

	private static TransactionalOperator transactions;

	private Outbox outbox;

	private OutboxRelay relay;

	private TopicTail tail;

	private final String tenant = "t-" + UUID.randomUUID();

	@BeforeAll
	static void infrastructure() {
		Infra infra = SharedInfra.get();
		kafka = new KafkaSettings(infra.kafka().bootstrapServers(), "outbox-it");
		TopicAdmin.ensureTopics(kafka, Topic.MESSAGING_EVENTS).block(TIMEOUT);
		publisher = new EventPublisher(kafka);
		PostgresqlConnectionFactory connections = new PostgresqlConnectionFactory(
				PostgresqlConnectionConfiguration.builder()
					.host(infra.postgres().host())
					.port(infra.postgres().port())
					.database(infra.postgres().database())
					.username(infra.postgres().username())
					.password(infra.postgres().password())
					.build());
		database = DatabaseClient.create(connections);
		transactions = TransactionalOperator.create(new R2dbcTransactionManager(database.getConnectionFactory()));
		database.sql("CREATE SCHEMA IF NOT EXISTS outbox_it").then().block(TIMEOUT);
		database.sql("DROP TABLE IF EXISTS " + TABLE).then().block(TIMEOUT);
		// The shape every service's migration creates.
		database.sql("CREATE TABLE " + TABLE + " (id bigserial PRIMARY KEY, tenant_id text NOT NULL, "
				+ "topic text NOT NULL, key text NOT NULL, type text NOT NULL, payload jsonb NOT NULL, "
				+ "headers jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), published_at timestamptz)")
			.then()
			.block(TIMEOUT);
	}

	@AfterAll
	static void close() {
		publisher.close();
	}

	@BeforeEach
	void start() {
		this.tail = new TopicTail(kafka, Topic.MESSAGING_EVENTS);
		this.outbox = new Outbox(database, SOURCE, TABLE);
		this.relay = new OutboxRelay(database, transactions, publisher, this.outbox,
				new RelaySettings(7, Duration.ofMinutes(5), Duration.ofDays(7)));
		this.relay.start();
	}

	@AfterEach
	void stop() {
		this.relay.stop();
		this.tail.close();
	}

	@Test
	void publishesACommittedEventOnce() {
		EventEnvelope<MessageStatusChanged> event = event("m-1", 1);
		appendCommitted(event);
		awaitEvent(event);
		this.relay.drain().block(TIMEOUT);

		EventEnvelope<MessageStatusChanged> marker = event("m-2", 2);
		appendCommitted(marker);
		awaitEvent(marker);
		assertThat(ids()).containsOnlyOnce(event.id());
		EventEnvelope<MessageStatusChanged> received = received(event.id());
		assertThat(received.source()).isEqualTo(SOURCE);
		assertThat(received.tenantId()).isEqualTo(this.tenant);
		assertThat(received.data()).isEqualTo(event.data());
		assertThat(unpublished()).isZero();
	}

	@Test
	void neverPublishesARolledBackEvent() {
		EventEnvelope<MessageStatusChanged> rolledBack = event("m-1", 1);
		Mono<Void> failing = this.outbox.append(rolledBack, key())
			.then(Mono.error(new IllegalStateException("state change failed")));
		transactions.transactional(failing)
			.onErrorResume(IllegalStateException.class, (ex) -> Mono.empty())
			.block(TIMEOUT);

		EventEnvelope<MessageStatusChanged> marker = event("m-2", 2);
		appendCommitted(marker);
		awaitEvent(marker);
		assertThat(ids()).doesNotContain(rolledBack.id());
		assertThat(rows()).isEqualTo(1);
	}

	@Test
	void publishesRowsInOutboxOrderAcrossBatches() {
		List<EventEnvelope<MessageStatusChanged>> events = IntStream.range(0, 30)
			.mapToObj((sequence) -> event("m-" + sequence, sequence))
			.toList();
		// One transaction: a single commit signal must drain all five batches.
		transactions
			.transactional(Flux.fromIterable(events).concatMap((event) -> this.outbox.append(event, key())).then())
			.block(TIMEOUT);

		awaitEvent(events.get(events.size() - 1));
		assertThat(ids()).containsExactlyElementsOf(events.stream().map(EventEnvelope::id).toList());
	}

	@Test
	void appendsManyEventsInOneStatementAndPublishesThemInOrder() {
		List<EventEnvelope<MessageStatusChanged>> events = IntStream.range(0, 1_200)
			.mapToObj((sequence) -> event("m-" + sequence, sequence))
			.toList();
		transactions
			.transactional(
					this.outbox.appendAll(events.stream().map((event) -> new Outbox.Append(event, key())).toList()))
			.block(TIMEOUT);

		awaitEvent(events.get(events.size() - 1));
		assertThat(ids()).containsExactlyElementsOf(events.stream().map(EventEnvelope::id).toList());
	}

	@Test
	void skipsAnUnreadableRowLoudly() {
		database
			.sql("INSERT INTO " + TABLE + " (tenant_id, topic, key, type, payload, headers) VALUES "
					+ "(:tenant, 'messaging.events.v1', :key, 'dev.switchboard.unknown.v9', '{}', '{}')")
			.bind("tenant", this.tenant)
			.bind("key", key())
			.then()
			.block(TIMEOUT);

		EventEnvelope<MessageStatusChanged> after = event("m-1", 1);
		appendCommitted(after);
		awaitEvent(after);
		assertThat(ids()).containsExactly(after.id());
		assertThat(unpublished()).isZero();
	}

	private EventEnvelope<MessageStatusChanged> event(String messageId, int sequence) {
		MessageStatusChanged data = new MessageStatusChanged(messageId, "wamid." + sequence, "demo-meta", "16505551234",
				"sent", Instant.parse("2026-01-01T00:00:00Z").plusSeconds(sequence), null, null);
		return EventEnvelope.of(EventType.MESSAGE_STATUS_CHANGED_V1, SOURCE, this.tenant, messageId, data);
	}

	private String key() {
		return this.tenant + ":key";
	}

	private void appendCommitted(EventEnvelope<MessageStatusChanged> event) {
		transactions.transactional(this.outbox.append(event, key())).block(TIMEOUT);
	}

	private void awaitEvent(EventEnvelope<MessageStatusChanged> event) {
		await().atMost(TIMEOUT).until(() -> ids().contains(event.id()));
	}

	/** Ids of this test's events read from the topic, in order. */
	private List<String> ids() {
		return this.tail.poll()
			.stream()
			.filter((event) -> this.tenant.equals(event.tenantId()))
			.map(EventEnvelope::id)
			.toList();
	}

	private EventEnvelope<MessageStatusChanged> received(String id) {
		return this.tail.poll().stream().filter((event) -> id.equals(event.id())).findFirst().orElseThrow();
	}

	private long rows() {
		return count("SELECT count(*) AS n FROM " + TABLE + " WHERE tenant_id = :tenant");
	}

	private long unpublished() {
		return count("SELECT count(*) AS n FROM " + TABLE + " WHERE tenant_id = :tenant AND published_at IS NULL");
	}

	private long count(String sql) {
		return database.sql(sql)
			.bind("tenant", this.tenant)
			.map((row) -> row.get("n", Long.class))
			.one()
			.blockOptional(TIMEOUT)
			.orElseThrow();
	}

}
