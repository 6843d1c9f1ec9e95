package dev.switchboard.events.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.switchboard.events.EventJson;
import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.kafka.OutgoingEvent;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;

import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Publishes committed outbox rows to Kafka in outbox order and marks them published once
 * the broker acknowledged them. It runs right after a commit signal and, as a fallback,
 * every poll interval. One instance relays a table at a time (a PostgreSQL advisory lock
 * keyed by the table's oid, held for the batch), so rows leave in order while services
 * sharing a database do not wait for each other; a crash between the acknowledgement and
 * the mark publishes the batch again, which consumers absorb through their inbox (at
 * least once).
 */
public class OutboxRelay implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	/**
	 * First key of the relay's advisory locks ("outb" in ASCII); the second is the table.
	 */
	private static final int LOCK_SPACE = 0x6f757462;

	private static final Duration CLEANUP_INTERVAL = Duration.ofMinutes(10);

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

	private final String deletePublished;

	private volatile Disposable running;

	public OutboxRelay(DatabaseClient database, TransactionalOperator transactions, EventPublisher publisher,
			Outbox outbox, RelaySettings settings) {
		this.database = database;
		this.transactions = transactions;
		this.publisher = publisher;
		this.outbox = outbox;
		this.settings = settings;
		String table = outbox.table();
		this.lock = "SELECT pg_try_advisory_xact_lock(:space, CAST(CAST(CAST(CAST(:table AS text) AS regclass) AS oid) "
				+ "AS integer)) AS acquired";
		this.unpublished = "SELECT id, tenant_id, topic, key, type, payload, headers FROM " + table
				+ " WHERE published_at IS NULL ORDER BY id LIMIT :limit";
		this.markPublished = "UPDATE " + table + " SET published_at = now() WHERE id = ANY(:ids)";
		this.deletePublished = "DELETE FROM " + table + " WHERE published_at < :before";
	}

	@Override
	public void start() {
		Flux<Long> relay = Flux
			.merge(this.outbox.commits().map((signal) -> 0L), Flux.interval(this.settings.pollInterval()))
			.onBackpressureLatest()
			.concatMap((tick) -> drain().onErrorResume((ex) -> {
				log.warn("Outbox relay round failed, retrying on the next signal: {}", ex.toString());
				return Mono.empty();
			}).then(Mono.just(tick)), 1);
		Flux<Long> cleanup = Flux.interval(CLEANUP_INTERVAL, CLEANUP_INTERVAL)
			.onBackpressureDrop()
			.concatMap((tick) -> deletePublished().onErrorResume((ex) -> {
				log.warn("Outbox cleanup failed: {}", ex.toString());
				return Mono.empty();
			}).thenReturn(tick), 1);
		this.running = Flux.merge(relay, cleanup).subscribe();
	}

	@Override
	public void stop() {
		Disposable relay = this.running;
		if (relay != null) {
			relay.dispose();
		}
		this.running = null;
	}

	@Override
	public boolean isRunning() {
		return this.running != null;
	}

	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 100;
	}

	/** Publishes batches until a batch comes back smaller than the batch size. */
	public Mono<Void> drain() {
		return relayBatch().flatMap((count) -> (count >= this.settings.batchSize()) ? drain() : Mono.empty());
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

	private Mono<Integer> relayBatch() {
		Mono<Integer> batch = this.database.sql(this.lock)
			.bind("space", LOCK_SPACE)
			.bind("table", this.outbox.table())
			.map((row) -> Boolean.TRUE.equals(row.get("acquired", Boolean.class)))
			.one()
			.filter(Boolean::booleanValue)
			.flatMap((acquired) -> unpublished().collectList())
			.flatMap(this::publish);
		return this.transactions.transactional(batch).defaultIfEmpty(0);
	}

	private Flux<OutboxRow> unpublished() {
		return this.database.sql(this.unpublished).bind("limit", this.settings.batchSize()).map(OutboxRelay::row).all();
	}

	private Mono<Integer> publish(List<OutboxRow> rows) {
		if (rows.isEmpty()) {
			return Mono.just(0);
		}
		List<OutgoingEvent> events = new ArrayList<>();
		List<Long> ids = new ArrayList<>();
		for (OutboxRow row : rows) {
			try {
				events.add(row.toOutgoing());
			}
			catch (RuntimeException ex) {
				// A row this version cannot read would block every later row: skip it
				// loudly.
				log.error("Skipping unreadable outbox row {} of type {}: {}", row.id(), row.type(), ex.toString());
			}
			ids.add(row.id());
		}
		Mono<Void> sent = events.isEmpty() ? Mono.empty() : this.publisher.publishAll(events);
		return sent.then(markPublished(ids)).thenReturn(rows.size());
	}

	private Mono<Void> markPublished(List<Long> ids) {
		return this.database.sql(this.markPublished).bind("ids", ids.toArray(new Long[0])).then();
	}

	private static OutboxRow row(Readable row) {
		Long id = row.get("id", Long.class);
		return new OutboxRow(id, row.get("tenant_id", String.class), row.get("topic", String.class),
				row.get("key", String.class), row.get("type", String.class), row.get("payload", Json.class).asArray(),
				EventJson.mapper().readValue(row.get("headers", Json.class).asArray(), HEADERS));
	}

}
