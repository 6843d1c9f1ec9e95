package dev.switchboard.events.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.switchboard.events.EventJson;
import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.kafka.FailureClassifier;
import dev.switchboard.events.kafka.OutageLog;
import dev.switchboard.events.kafka.OutgoingEvent;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.core.type.TypeReference;

import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Publishes committed outbox rows to Kafka in outbox order and marks each published once
 * the broker acknowledged it. It runs right after a commit signal and, as a fallback,
 * every poll interval. One instance relays a table at a time (a PostgreSQL advisory lock
 * keyed by the table's oid, held for the batch), so rows leave in order while services
 * sharing a database do not wait for each other; a crash between the acknowledgement and
 * the mark publishes the batch again, which consumers absorb through their inbox (at
 * least once).
 * <p>
 * A row that fails by itself (too large, unreadable by this version, refused by Kafka for
 * what it is, or failing while other rows of its batch are acknowledged) is counted:
 * {@code attempts}, {@code last_error}, and {@code next_attempt_at} after a backoff that
 * doubles per attempt; after {@code maxAttempts} it is parked ({@code parked_at}) and
 * left for an operator. Rows behind it are not held up. When no row of a batch is
 * acknowledged and the failures are ones an unavailable broker causes, the broker is
 * taken as down: nothing is counted, and the relay tries again in its next round with a
 * single row until one is acknowledged. An outage of Kafka or PostgreSQL is logged once
 * when it starts and once when it ends.
 * <p>
 * On shutdown it stops last (after the web server and the consumers): the batch in flight
 * finishes and one last round relays what the final requests and records committed, so
 * that no batch is cut between Kafka's acknowledgement and its mark.
 */
public class OutboxRelay implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	/**
	 * First key of the relay's advisory locks ("outb" in ASCII); the second is the table.
	 */
	private static final int LOCK_SPACE = 0x6f757462;

	private static final Duration CLEANUP_INTERVAL = Duration.ofMinutes(10);

	private static final int MAX_ERROR_LENGTH = 1000;

	/**
	 * Below the web server's stop phase ({@code SmartLifecycle.DEFAULT_PHASE - 2048}) and
	 * the consumers' ({@code DEFAULT_PHASE - 100}).
	 */
	static final int PHASE = Integer.MAX_VALUE - 4096;

	/** How long {@link #stop()} waits for the batch in flight and the last round. */
	public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);

	private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
	};

	private final DatabaseClient database;

	private final TransactionalOperator transactions;

	private final EventPublisher publisher;

	private final Outbox outbox;

	private final RelaySettings settings;

	private final String lock;

	private final String unpublished;

	private final String markPublished;

	private final String countFailures;

	private final String deletePublished;

	private final OutageLog outages;

	/**
	 * Whether the last batch found the broker down: the next ones send a single row to
	 * probe it. A producer that lost the cluster's metadata blocks its send thread for
	 * each record until its delivery timeout, so a whole batch would hold every publisher
	 * of the service up for the batch size times that timeout.
	 */
	private volatile boolean brokerDown;

	private Disposable running;

	private Sinks.Empty<Void> stopRequested;

	private CountDownLatch finished;

	private final Duration stopTimeout;

	public OutboxRelay(DatabaseClient database, TransactionalOperator transactions, EventPublisher publisher,
			Outbox outbox, RelaySettings settings) {
		this(database, transactions, publisher, outbox, settings, DEFAULT_STOP_TIMEOUT);
	}

	/**
	 * @param stopTimeout how long {@link #stop()} waits for the batch in flight and a
	 * last round before it cancels them
	 */
	public OutboxRelay(DatabaseClient database, TransactionalOperator transactions, EventPublisher publisher,
			Outbox outbox, RelaySettings settings, Duration stopTimeout) {
		this.stopTimeout = stopTimeout;
		this.database = database;
		this.transactions = transactions;
		this.publisher = publisher;
		this.outbox = outbox;
		this.settings = settings;
		String table = outbox.table();
		this.lock = """
				SELECT pg_try_advisory_xact_lock(:space,
				    CAST(CAST(CAST(CAST(:table AS text) AS regclass) AS oid) AS integer)) AS acquired""";
		this.unpublished = """
				SELECT id, tenant_id, topic, key, type, payload, headers FROM %s
				WHERE published_at IS NULL AND parked_at IS NULL
				  AND (next_attempt_at IS NULL OR next_attempt_at <= now())
				ORDER BY id LIMIT :limit""".formatted(table);
		this.markPublished = """
				UPDATE %s SET published_at = now(), next_attempt_at = NULL WHERE id = ANY(:ids)""".formatted(table);
		// The backoff doubles per attempt (attempts before this one), capped.
		this.countFailures = """
				UPDATE %s AS o
				SET attempts = o.attempts + 1, last_error = f.error,
				    parked_at = CASE WHEN o.attempts + 1 >= :maxAttempts THEN now() END,
				    next_attempt_at = CASE WHEN o.attempts + 1 >= :maxAttempts THEN NULL
				        ELSE now() + least(:maxBackoff, :backoff * power(2, o.attempts)) * interval '1 millisecond' END
				FROM unnest(CAST(:ids AS bigint[]), CAST(:errors AS text[])) AS f(id, error)
				WHERE o.id = f.id
				RETURNING o.id, o.attempts, o.parked_at IS NOT NULL AS parked""".formatted(table);
		this.deletePublished = "DELETE FROM %s WHERE published_at < :before".formatted(table);
		this.outages = new OutageLog(log, "Outbox relay of " + table,
				FailureClassifier.defaults().orInfrastructureWhen(BrokerUnavailableException.class::isInstance));
	}

	@Override
	public synchronized void start() {
		if (this.running != null) {
			return;
		}
		Sinks.Empty<Void> stop = Sinks.empty();
		CountDownLatch done = new CountDownLatch(1);
		Mono<Void> relay = Flux
			.merge(this.outbox.commits().map((signal) -> 0L), Flux.interval(this.settings.pollInterval()))
			.onBackpressureLatest()
			// Once asked to stop: the batch in flight finishes, no round starts on a
			// tick.
			.takeUntilOther(stop.asMono())
			.concatMap((tick) -> round().thenReturn(tick), 1)
			// Then one last round for what the final requests and records committed.
			.then(Mono.defer(this::round))
			.doFinally((signal) -> done.countDown());
		Flux<Long> cleanup = Flux.interval(CLEANUP_INTERVAL, CLEANUP_INTERVAL)
			.onBackpressureDrop()
			.concatMap((tick) -> deletePublished().onErrorResume((ex) -> {
				log.warn("Outbox cleanup failed: {}", ex.toString());
				return Mono.empty();
			}).thenReturn(tick), 1);
		this.stopRequested = stop;
		this.finished = done;
		this.running = Disposables.composite(relay.subscribe(), cleanup.subscribe());
	}

	private Mono<Void> round() {
		return drain().doOnSuccess((done) -> this.outages.succeeded()).onErrorResume((ex) -> {
			this.outages.failed(ex);
			return Mono.empty();
		});
	}

	/**
	 * Lets the batch in flight finish and relays what is committed by then, within the
	 * stop timeout; a batch cut off past it (Kafka or PostgreSQL not answering) is
	 * published again by the next relay, which consumers absorb.
	 */
	@Override
	public synchronized void stop() {
		Disposable relay = this.running;
		if (relay == null) {
			return;
		}
		this.stopRequested.tryEmitEmpty();
		try {
			if (!this.finished.await(this.stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
				log.warn("Outbox relay of {} did not finish its batch in {}, cancelled", this.outbox.table(),
						this.stopTimeout);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		relay.dispose();
		this.running = null;
	}

	@Override
	public synchronized boolean isRunning() {
		return this.running != null;
	}

	/**
	 * Early start, late stop: after the web server and the consumers stopped, so that
	 * what their last requests and records committed is relayed before the publisher
	 * closes.
	 */
	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * Publishes batches until a batch comes back smaller than the batch size; fails with
	 * a {@link BrokerUnavailableException} when a batch found the broker down.
	 */
	public Mono<Void> drain() {
		return Mono.defer(() -> {
			int limit = this.brokerDown ? 1 : this.settings.batchSize();
			return relayBatch(limit).flatMap((round) -> {
				if (round.brokerFailure() != null) {
					this.brokerDown = true;
					return Mono.error(new BrokerUnavailableException(round.brokerFailure()));
				}
				this.brokerDown = false;
				return (round.rows() >= limit) ? drain() : Mono.empty();
			});
		});
	}

	/** Deletes rows published longer ago than the retention. */
	Mono<Void> deletePublished() {
		return this.database.sql(this.deletePublished)
			.bind("before", Instant.now().minus(this.settings.retention()))
			.fetch()
			.rowsUpdated()
			.doOnNext((deleted) -> log.debug("Deleted {} published outbox rows", deleted))
			.then();
	}

	private Mono<Round> relayBatch(int limit) {
		Mono<Round> batch = this.database.sql(this.lock)
			.bind("space", LOCK_SPACE)
			.bind("table", this.outbox.table())
			.map((row) -> Boolean.TRUE.equals(row.get("acquired", Boolean.class)))
			.one()
			.filter(Boolean::booleanValue)
			.flatMap((acquired) -> unpublished(limit).collectList())
			.flatMap(this::publish);
		return this.transactions.transactional(batch).defaultIfEmpty(Round.NONE);
	}

	private Flux<OutboxRow> unpublished(int limit) {
		return this.database.sql(this.unpublished).bind("limit", limit).map(OutboxRelay::row).all();
	}

	private Mono<Round> publish(List<OutboxRow> rows) {
		if (rows.isEmpty()) {
			return Mono.just(Round.NONE);
		}
		List<OutboxRow> readable = new ArrayList<>(rows.size());
		List<OutgoingEvent> events = new ArrayList<>(rows.size());
		List<RowFailure> failures = new ArrayList<>();
		for (OutboxRow row : rows) {
			try {
				events.add(row.toOutgoing());
				readable.add(row);
			}
			catch (RuntimeException ex) {
				// Perhaps a newer version's row (a rolling deploy): counted, not skipped.
				failures.add(new RowFailure(row, ex));
			}
		}
		Mono<List<EventPublisher.Outcome>> sent = events.isEmpty() ? Mono.just(List.of())
				: this.publisher.publishEach(events);
		return sent.flatMap((outcomes) -> {
			List<Long> acknowledged = new ArrayList<>(outcomes.size());
			outcomes.stream()
				.filter(EventPublisher.Outcome::acknowledged)
				.forEach((outcome) -> acknowledged.add(readable.get(outcome.index()).id()));
			Throwable brokerFailure = null;
			for (EventPublisher.Outcome outcome : outcomes) {
				if (outcome.acknowledged()) {
					continue;
				}
				if (outcome.recordAtFault() || !acknowledged.isEmpty()) {
					failures.add(new RowFailure(readable.get(outcome.index()), outcome.failure()));
				}
				else if (brokerFailure == null) {
					brokerFailure = outcome.failure();
				}
			}
			return markPublished(acknowledged).then(countFailures(failures))
				.thenReturn(new Round(rows.size(), brokerFailure));
		});
	}

	private Mono<Void> markPublished(List<Long> ids) {
		if (ids.isEmpty()) {
			return Mono.empty();
		}
		return this.database.sql(this.markPublished).bind("ids", ids.toArray(new Long[0])).then();
	}

	/**
	 * Counts an attempt against each row that failed by itself; parks those out of them.
	 */
	private Mono<Void> countFailures(List<RowFailure> failures) {
		if (failures.isEmpty()) {
			return Mono.empty();
		}
		Map<Long, RowFailure> byId = new HashMap<>();
		failures.forEach((failure) -> byId.put(failure.row().id(), failure));
		return this.database.sql(this.countFailures)
			.bind("ids", failures.stream().map((failure) -> failure.row().id()).toArray(Long[]::new))
			.bind("errors", failures.stream().map((failure) -> describe(failure.error())).toArray(String[]::new))
			.bind("maxAttempts", this.settings.maxAttempts())
			.bind("backoff", this.settings.retryBackoff().toMillis())
			.bind("maxBackoff", this.settings.maxRetryBackoff().toMillis())
			.map((row) -> {
				RowFailure failure = byId.get(row.get("id", Long.class));
				int attempts = row.get("attempts", Integer.class);
				OutboxRow failed = failure.row();
				if (Boolean.TRUE.equals(row.get("parked", Boolean.class))) {
					log.error("Outbox row {} ({} for {}) parked after {} attempts, later rows go on: {}", failed.id(),
							failed.type(), failed.topic(), attempts, describe(failure.error()));
				}
				else {
					log.warn("Outbox row {} ({} for {}) failed, attempt {} of {}: {}", failed.id(), failed.type(),
							failed.topic(), attempts, this.settings.maxAttempts(), describe(failure.error()));
				}
				return attempts;
			})
			.all()
			.then();
	}

	private static String describe(Throwable error) {
		String text = error.toString();
		return (text.length() > MAX_ERROR_LENGTH) ? text.substring(0, MAX_ERROR_LENGTH) : text;
	}

	private static OutboxRow row(Readable row) {
		Long id = row.get("id", Long.class);
		return new OutboxRow(id, row.get("tenant_id", String.class), row.get("topic", String.class),
				row.get("key", String.class), row.get("type", String.class), row.get("payload", Json.class).asArray(),
				EventJson.mapper().readValue(row.get("headers", Json.class).asArray(), HEADERS));
	}

	/**
	 * One batch: how many rows it took, and the failure that showed the broker down, if
	 * it did.
	 */
	private record Round(int rows, Throwable brokerFailure) {

		static final Round NONE = new Round(0, null);

	}

	private record RowFailure(OutboxRow row, Throwable error) {
	}

}
