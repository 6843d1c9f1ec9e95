package dev.switchboard.events.outbox;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.kafka.KafkaSettings;
import dev.switchboard.events.kafka.TopicAdmin;
import dev.switchboard.events.messaging.MessageStatusChanged;
import dev.switchboard.infra.Infra;
import dev.switchboard.infra.SharedInfra;
import org.slf4j.LoggerFactory;

import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.awaitility.Awaitility.await;

/**
 * An outbox and its relay against real PostgreSQL and Kafka, for one test: a tenant of
 * its own, the outbox table emptied, the topic read from its end, the relay's log at
 * hand. The relay runs on commit signals alone (its poll is far beyond the tests'
 * patience) unless a test {@link #restartRelay restarts} it with retries.
 * {@link #prepare} once per test class, {@link #release} after it.
 */
final class RelayHarness implements AutoCloseable {

	static final Duration TIMEOUT = Duration.ofSeconds(30);

	static final String TABLE = "outbox_it.outbox";

	static final URI SOURCE = URI.create("urn:switchboard:outbox-it");

	private static KafkaSettings kafka;

	private static EventPublisher publisher;

	private static DatabaseClient database;

	private static TransactionalOperator transactions;

	private final Outbox outbox;

	private OutboxRelay relay;

	private final TopicTail tail;

	private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

	private final String tenant = "t-" + UUID.randomUUID();

	private RelayHarness() {
		// Rows other tests left waiting for another attempt stay out of this one.
		database.sql("TRUNCATE " + TABLE).then().block(TIMEOUT);
		this.tail = new TopicTail(kafka, Topic.MESSAGING_EVENTS);
		this.outbox = new Outbox(database, SOURCE, TABLE);
		this.relay = new OutboxRelay(database, transactions, publisher, this.outbox,
				new RelaySettings(7, Duration.ofMinutes(5), Duration.ofDays(7)));
		this.relay.start();
	}

	/** The topic, a publisher, and the outbox table (created anew). */
	static void prepare() {
		Infra infra = SharedInfra.get();
		kafka = new KafkaSettings(infra.kafka().bootstrapServers(), "outbox-it");
		TopicAdmin.ensureTopics(kafka, Topic.MESSAGING_EVENTS).block(TIMEOUT);
		publisher = new EventPublisher(kafka);
		database = DatabaseClient.create(TestDatabase.connections(infra.postgres()));
		transactions = TransactionalOperator.create(new R2dbcTransactionManager(database.getConnectionFactory()));
		TestDatabase.migrate(infra.postgres(), "outbox_it");
	}

	static void release() {
		publisher.close();
	}

	/** A fresh tenant's outbox with its relay started. */
	static RelayHarness start() {
		return new RelayHarness();
	}

	@Override
	public void close() {
		this.relay.stop();
		this.tail.close();
		this.logs.stop();
		relayLogger().detachAppender(this.logs);
		relayLogger().setLevel(null);
	}

	KafkaSettings kafka() {
		return kafka;
	}

	EventPublisher publisher() {
		return publisher;
	}

	DatabaseClient database() {
		return database;
	}

	TransactionalOperator transactions() {
		return transactions;
	}

	Outbox outbox() {
		return this.outbox;
	}

	OutboxRelay relay() {
		return this.relay;
	}

	String tenant() {
		return this.tenant;
	}

	/** Replaces the relay with one that polls and gives a failing row these attempts. */
	void restartRelay(EventPublisher publisher, Duration poll, int attempts) {
		this.relay.stop();
		this.relay = new OutboxRelay(database, transactions, publisher, this.outbox,
				new RelaySettings(7, poll, Duration.ofDays(7)).withRetries(attempts, Duration.ofMillis(50),
						Duration.ofMillis(200)));
		this.relay.start();
	}

	void captureRelayLog() {
		relayLogger().setLevel(Level.DEBUG);
		this.logs.start();
		relayLogger().addAppender(this.logs);
	}

	/** Lines the relay logged at that level (any when null) containing the text. */
	long logged(Level level, String text) {
		return List.copyOf(this.logs.list)
			.stream()
			.filter((line) -> (level == null || line.getLevel() == level) && line.getFormattedMessage().contains(text))
			.count();
	}

	private static ch.qos.logback.classic.Logger relayLogger() {
		return (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(OutboxRelay.class);
	}

	EventEnvelope<MessageStatusChanged> event(String messageId, int sequence) {
		MessageStatusChanged data = new MessageStatusChanged(messageId, "wamid." + sequence, "demo-meta", "16505551234",
				"sent", Instant.parse("2026-01-01T00:00:00Z").plusSeconds(sequence), null, null);
		return EventEnvelope.of(EventType.MESSAGE_STATUS_CHANGED_V1, SOURCE, this.tenant, messageId, data);
	}

	String key() {
		return this.tenant + ":key";
	}

	void appendCommitted(EventEnvelope<MessageStatusChanged> event) {
		transactions.transactional(this.outbox.append(event, key())).block(TIMEOUT);
	}

	void awaitEvent(EventEnvelope<MessageStatusChanged> event) {
		await().atMost(TIMEOUT).until(() -> ids().contains(event.id()));
	}

	/** Ids of this test's events read from the topic, in order. */
	List<String> ids() {
		return this.tail.poll()
			.stream()
			.filter((event) -> this.tenant.equals(event.tenantId()))
			.map(EventEnvelope::id)
			.toList();
	}

	EventEnvelope<MessageStatusChanged> received(String id) {
		return this.tail.poll().stream().filter((event) -> id.equals(event.id())).findFirst().orElseThrow();
	}

	/** Rows of this test with an attempt counted against them, or parked. */
	long counted() {
		return count("SELECT count(*) AS n FROM " + TABLE
				+ " WHERE tenant_id = :tenant AND (attempts > 0 OR parked_at IS NOT NULL)");
	}

	RowState state(String condition) {
		return database
			.sql("SELECT attempts, last_error, next_attempt_at, parked_at IS NOT NULL AS parked, "
					+ "published_at IS NOT NULL AS published FROM " + TABLE + " WHERE tenant_id = :tenant AND "
					+ condition)
			.bind("tenant", this.tenant)
			.map((row) -> new RowState(row.get("attempts", Integer.class), row.get("last_error", String.class),
					row.get("next_attempt_at", Instant.class), row.get("parked", Boolean.class),
					row.get("published", Boolean.class)))
			.one()
			.blockOptional(TIMEOUT)
			.orElseThrow();
	}

	long rows() {
		return count("SELECT count(*) AS n FROM " + TABLE + " WHERE tenant_id = :tenant");
	}

	long unpublished() {
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

	record RowState(int attempts, String lastError, Instant nextAttemptAt, boolean parked, boolean published) {
	}

}
