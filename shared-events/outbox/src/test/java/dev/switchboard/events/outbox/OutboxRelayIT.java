package dev.switchboard.events.outbox;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

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
import dev.switchboard.infra.PostgresEndpoint;
import dev.switchboard.infra.SharedInfra;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox against real PostgreSQL and Kafka: what a committed transaction appended
 * leaves once, in order; what a rolled-back one appended never leaves; a row that fails
 * by itself is counted and parked without holding up the rows behind it; a broker that is
 * down costs no row an attempt, and once it is back every row leaves once. The relay runs
 * on commit signals alone (its poll is far beyond the tests' patience) unless a test
 * needs its retries.
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

	private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

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
				+ "headers jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), published_at timestamptz, "
				+ "attempts integer NOT NULL DEFAULT 0, last_error text, next_attempt_at timestamptz, "
				+ "parked_at timestamptz)")
			.then()
			.block(TIMEOUT);
	}

	@AfterAll
	static void close() {
		publisher.close();
	}

	@BeforeEach
	void start() {
		// Rows other tests left waiting for another attempt stay out of this one.
		database.sql("TRUNCATE " + TABLE).then().block(TIMEOUT);
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
		this.logs.stop();
		relayLogger().detachAppender(this.logs);
		relayLogger().setLevel(null);
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
	void countsAnUnreadableRowWithoutMarkingItPublishedAndRelaysTheRowsBehindIt() {
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
		// The marks commit after the acknowledgement.
		await().atMost(TIMEOUT).until(() -> state("type = 'dev.switchboard.unknown.v9'").attempts() == 1);
		assertThat(unpublished()).isOne();
		RowState unreadable = state("type = 'dev.switchboard.unknown.v9'");
		assertThat(unreadable.attempts()).isOne();
		assertThat(unreadable.lastError()).contains("unknown type");
		assertThat(unreadable.nextAttemptAt()).isNotNull();
		assertThat(unreadable.parked()).isFalse();
	}

	@Test
	void parksARowThatAlwaysFailsAfterItsAttemptsWhileTheRowsBehindItLeaveInOrder() {
		restartRelay(publisher, Duration.ofMillis(100), 3);
		EventEnvelope<MessageStatusChanged> tooLarge = tooLarge("m-big");
		List<EventEnvelope<MessageStatusChanged>> behind = IntStream.range(0, 5)
			.mapToObj((sequence) -> event("m-" + sequence, sequence))
			.toList();
		transactions
			.transactional(this.outbox.append(tooLarge, key())
				.thenMany(Flux.fromIterable(behind).concatMap((event) -> this.outbox.append(event, key())))
				.then())
			.block(TIMEOUT);

		await().atMost(TIMEOUT).until(() -> state("payload->>'messageId' = 'm-big'").parked());
		RowState parked = state("payload->>'messageId' = 'm-big'");
		assertThat(parked.attempts()).isEqualTo(3);
		assertThat(parked.lastError()).contains("RecordTooLargeException");
		assertThat(parked.published()).isFalse();
		assertThat(parked.nextAttemptAt()).isNull();

		// Parked, it holds up nothing appended later either.
		EventEnvelope<MessageStatusChanged> later = event("m-later", 99);
		appendCommitted(later);
		awaitEvent(later);
		assertThat(ids()).containsExactlyElementsOf(
				Stream.concat(behind.stream(), Stream.of(later)).map(EventEnvelope::id).toList());
		await().atMost(TIMEOUT).until(() -> unpublished() == 1);
	}

	@Test
	void waitsForABrokerThatIsDownWithoutCountingAttemptsAndRelaysEveryRowOnceItIsBack() {
		// One attempt only: a round counted against the rows would park them at once.
		KafkaSettings impatient = kafka.withDeliveryTimeout(Duration.ofSeconds(2));
		try (EventPublisher publisher = new EventPublisher(impatient)) {
			restartRelay(publisher, Duration.ofMillis(200), 1);
			EventEnvelope<MessageStatusChanged> before = event("m-before", 0);
			appendCommitted(before);
			awaitEvent(before);
			captureRelayLog();

			List<EventEnvelope<MessageStatusChanged>> during = IntStream.range(1, 6)
				.mapToObj((sequence) -> event("m-" + sequence, sequence))
				.toList();
			Infra infra = SharedInfra.get();
			infra.kafka().stop();
			try {
				transactions
					.transactional(
							Flux.fromIterable(during).concatMap((event) -> this.outbox.append(event, key())).then())
					.block(TIMEOUT);
				// A first round warns, a second finds the broker still down.
				await().atMost(TIMEOUT).until(() -> logged(Level.DEBUG, "infrastructure still unavailable") >= 1);
				assertThat(logged(Level.WARN, "paused")).isOne();
				assertThat(logged(null, "Outbox row")).isZero();
				assertThat(unpublished()).isEqualTo(during.size());
				assertThat(counted()).isZero();
			}
			finally {
				infra.kafka().start();
			}

			await().atMost(Duration.ofSeconds(60)).until(() -> unpublished() == 0);
			awaitEvent(during.get(during.size() - 1));
			assertThat(ids()).containsExactlyElementsOf(
					Stream.concat(Stream.of(before), during.stream()).map(EventEnvelope::id).toList());
			assertThat(counted()).isZero();
			assertThat(logged(Level.WARN, "paused")).isOne();
			assertThat(logged(Level.INFO, "resumed")).isOne();
		}
	}

	@Test
	void logsAPostgresOutageOnceAndRelaysWhatIsCommittedAfterIt() {
		restartRelay(publisher, Duration.ofMillis(100), 1);
		captureRelayLog();
		PostgresEndpoint postgres = SharedInfra.get().postgres();
		postgres.stop();
		try {
			// A round every 100 ms, each refused.
			await().atMost(TIMEOUT).until(() -> logged(Level.DEBUG, "infrastructure still unavailable") >= 5);
		}
		finally {
			postgres.start();
		}
		EventEnvelope<MessageStatusChanged> after = event("m-after", 1);
		appendCommitted(after);
		awaitEvent(after);
		await().atMost(TIMEOUT).until(() -> logged(Level.INFO, "resumed") == 1);
		assertThat(logged(Level.WARN, "paused")).isOne();
		assertThat(logged(Level.WARN, "round failed")).isZero();
	}

	/** Replaces the relay with one that polls and gives a failing row these attempts. */
	private void restartRelay(EventPublisher publisher, Duration poll, int attempts) {
		this.relay.stop();
		this.relay = new OutboxRelay(database, transactions, publisher, this.outbox,
				new RelaySettings(7, poll, Duration.ofDays(7)).withRetries(attempts, Duration.ofMillis(50),
						Duration.ofMillis(200)));
		this.relay.start();
	}

	/** An event larger than a producer request may be. */
	private EventEnvelope<MessageStatusChanged> tooLarge(String messageId) {
		MessageStatusChanged data = new MessageStatusChanged(messageId, null, "demo-meta", "16505551234", "failed",
				Instant.parse("2026-01-01T00:00:00Z"), 131000, "x".repeat(Topic.RAW_MAX_MESSAGE_BYTES + 1024 * 1024));
		return EventEnvelope.of(EventType.MESSAGE_STATUS_CHANGED_V1, SOURCE, this.tenant, messageId, data);
	}

	private void captureRelayLog() {
		relayLogger().setLevel(Level.DEBUG);
		this.logs.start();
		relayLogger().addAppender(this.logs);
	}

	/** Lines the relay logged at that level (any when null) containing the text. */
	private long logged(Level level, String text) {
		return List.copyOf(this.logs.list)
			.stream()
			.filter((line) -> (level == null || line.getLevel() == level) && line.getFormattedMessage().contains(text))
			.count();
	}

	private static ch.qos.logback.classic.Logger relayLogger() {
		return (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(OutboxRelay.class);
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

	/** Rows of this test with an attempt counted against them, or parked. */
	private long counted() {
		return count("SELECT count(*) AS n FROM " + TABLE
				+ " WHERE tenant_id = :tenant AND (attempts > 0 OR parked_at IS NOT NULL)");
	}

	private RowState state(String condition) {
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

	private record RowState(int attempts, String lastError, Instant nextAttemptAt, boolean parked, boolean published) {
	}

}
