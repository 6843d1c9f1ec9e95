package dev.switchboard.messaging.inbox.stream;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.r2dbc.spi.Readable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Follows the change log on this instance and hands each change to the streams whose
 * audience sees it. One reader per instance (not per stream): every
 * {@link StreamProperties#pollInterval()} it reads the rows past its position of
 * transactions older than every running one, so a transaction committing late never lands
 * behind the position. A stream holds at most {@link StreamProperties#buffer()} changes;
 * one that falls further behind is dropped, so it never holds up the others nor grows
 * memory. Old changes are pruned by every instance (deleting twice is harmless).
 */
@Component
class ChangeFeed implements SmartLifecycle {

	static final String SLOW_CONSUMER = "SLOW_CONSUMER";

	static final String UNKNOWN_EVENT_ID = "UNKNOWN_EVENT_ID";

	static final String TOO_MANY_MISSED = "TOO_MANY_MISSED";

	private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);

	private static final String COLUMNS = "tx_id::text AS tx, position, tenant_id, assignee_id, queue_id, "
			+ "previous_known, previous_assignee_id, previous_queue_id, payload::text AS payload";

	private final DatabaseClient database;

	private final StreamProperties properties;

	private final Map<String, Set<Listener>> listeners = new ConcurrentHashMap<>();

	/** The last position handed out; guarded by this. */
	private StreamPosition position;

	private volatile Disposable reading;

	private volatile Disposable pruning;

	ChangeFeed(DatabaseClient database, StreamProperties properties) {
		this.database = database;
		this.properties = properties;
	}

	/**
	 * The stream of an audience: {@link StreamEvent.Ready} once registered, the changes
	 * missed since {@code lastEventId} (or {@link StreamEvent.Reset} when they cannot be
	 * replayed), then every change as it is read, until cancelled or dropped.
	 */
	Flux<StreamEvent> open(Audience audience, String lastEventId) {
		return Flux.defer(() -> {
			StreamPosition after = StreamPosition.parse(lastEventId);
			Listener listener = new Listener(audience, after, this.properties.buffer());
			StreamPosition registeredAt = register(listener);
			Flux<StreamEvent> missed = (lastEventId == null) ? Flux.empty() : replay(audience, after, registeredAt);
			return Flux.<StreamEvent>just(new StreamEvent.Ready())
				.concatWith(missed)
				.concatWith(listener.live.asFlux().map(StreamEvent.Change::new))
				.takeUntilOther(listener.dropped.asMono())
				.concatWith(Mono.fromSupplier(() -> new StreamEvent.Dropped(SLOW_CONSUMER)))
				.doFinally((signal) -> unregister(listener));
		});
	}

	private Flux<StreamEvent> replay(Audience audience, StreamPosition after, StreamPosition registeredAt) {
		if (after == null || registeredAt == null) {
			return Flux.just(new StreamEvent.Reset(UNKNOWN_EVENT_ID));
		}
		Mono<Boolean> known = this.database.sql(
				"SELECT tx_id::text AS tx FROM conversation_stream WHERE position = :position AND tenant_id = :tenantId")
			.bind("position", after.position())
			.bind("tenantId", audience.tenantId())
			.map((row) -> String.valueOf(after.txId()).equals(row.get("tx", String.class)))
			.one()
			.defaultIfEmpty(false);
		Mono<List<StreamedChange>> missed = this.database.sql("SELECT " + COLUMNS + """
				 FROM conversation_stream WHERE tenant_id = :tenantId
				AND (tx_id, position) > (:afterTx::text::xid8, :afterPosition)
				AND (tx_id, position) <= (:untilTx::text::xid8, :untilPosition)
				ORDER BY tx_id, position LIMIT :limit""")
			.bind("tenantId", audience.tenantId())
			.bind("afterTx", String.valueOf(after.txId()))
			.bind("afterPosition", after.position())
			.bind("untilTx", String.valueOf(registeredAt.txId()))
			.bind("untilPosition", registeredAt.position())
			.bind("limit", this.properties.maxReplay() + 1)
			.map(ChangeFeed::change)
			.all()
			.collectList();
		return known.flatMapMany((isKnown) -> {
			if (!isKnown) {
				return Flux.just(new StreamEvent.Reset(UNKNOWN_EVENT_ID));
			}
			return missed.flatMapMany((changes) -> (changes.size() > this.properties.maxReplay())
					? Flux.just(new StreamEvent.Reset(TOO_MANY_MISSED))
					: Flux.fromIterable(changes).filter(audience::sees).map(StreamEvent.Change::new));
		});
	}

	private synchronized StreamPosition register(Listener listener) {
		this.listeners.computeIfAbsent(listener.audience.tenantId(), (tenant) -> ConcurrentHashMap.newKeySet())
			.add(listener);
		return this.position;
	}

	private void unregister(Listener listener) {
		this.listeners.computeIfPresent(listener.audience.tenantId(), (tenant, set) -> {
			set.remove(listener);
			return set.isEmpty() ? null : set;
		});
	}

	/** Streams open on this instance. */
	int subscribers() {
		return this.listeners.values().stream().mapToInt(Set::size).sum();
	}

	/** Reads until it caught up with the log. */
	private Mono<Void> read() {
		AtomicBoolean full = new AtomicBoolean();
		return Mono.defer(() -> (currentPosition() == null) ? startPosition() : next().doOnNext((changes) -> {
			full.set(changes.size() == this.properties.batchSize());
			dispatch(changes);
		}).then()).repeat(full::get).then();
	}

	private Mono<Void> startPosition() {
		// Everything of transactions older than every running one is history; what
		// commits from now on is read.
		return this.database.sql("SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin")
			.map((row) -> Long.parseLong(row.get("xmin", String.class)))
			.one()
			.doOnNext((xmin) -> startAt(new StreamPosition(xmin, 0)))
			.then();
	}

	private synchronized void startAt(StreamPosition start) {
		if (this.position == null) {
			this.position = start;
		}
	}

	private synchronized StreamPosition currentPosition() {
		return this.position;
	}

	private Mono<List<StreamedChange>> next() {
		StreamPosition from = currentPosition();
		return this.database.sql("SELECT " + COLUMNS + """
				 FROM conversation_stream WHERE (tx_id, position) > (:tx::text::xid8, :position)
				AND tx_id < pg_snapshot_xmin(pg_current_snapshot())
				ORDER BY tx_id, position LIMIT :limit""")
			.bind("tx", String.valueOf(from.txId()))
			.bind("position", from.position())
			.bind("limit", this.properties.batchSize())
			.map(ChangeFeed::change)
			.all()
			.collectList();
	}

	/**
	 * Hands the changes out and moves the position, under the lock registration takes: a
	 * stream registering gets every change after the position it was told.
	 */
	private synchronized void dispatch(List<StreamedChange> changes) {
		for (StreamedChange change : changes) {
			Set<Listener> tenant = this.listeners.get(change.tenantId());
			if (tenant != null) {
				// A stream that fell behind is let go at once: it reads nothing more.
				tenant.removeIf((listener) -> !listener.offer(change));
			}
			this.position = change.at();
		}
	}

	private Mono<Void> prune() {
		return this.database.sql("""
				DELETE FROM conversation_stream WHERE position IN (SELECT position FROM conversation_stream
				WHERE created_at < now() - make_interval(secs => :seconds) LIMIT 10000)""")
			.bind("seconds", (double) this.properties.retention().toSeconds())
			.fetch()
			.rowsUpdated()
			.doOnNext((deleted) -> {
				if (deleted > 0) {
					log.debug("Pruned {} streamed changes", deleted);
				}
			})
			.then();
	}

	private static StreamedChange change(Readable row) {
		return new StreamedChange(
				new StreamPosition(Long.parseLong(row.get("tx", String.class)), row.get("position", Long.class)),
				row.get("tenant_id", String.class), row.get("assignee_id", String.class),
				row.get("queue_id", UUID.class),
				Boolean.TRUE.equals(row.get("previous_known", Boolean.class)) ? new StreamedChange.Placement(
						row.get("previous_assignee_id", String.class), row.get("previous_queue_id", UUID.class)) : null,
				row.get("payload", String.class));
	}

	@Override
	public void start() {
		this.reading = Flux.interval(this.properties.pollInterval())
			.onBackpressureDrop()
			.concatMap((tick) -> read().onErrorResume((ex) -> {
				log.warn("Could not read the conversation change log: {}", ex.toString());
				return Mono.empty();
			}), 1)
			.subscribe();
		this.pruning = Flux.interval(this.properties.pruneInterval())
			.onBackpressureDrop()
			.concatMap((tick) -> prune().onErrorResume((ex) -> {
				log.warn("Could not prune the conversation change log: {}", ex.toString());
				return Mono.empty();
			}), 1)
			.subscribe();
	}

	@Override
	public void stop() {
		Disposable running = this.reading;
		Disposable prunes = this.pruning;
		this.reading = null;
		this.pruning = null;
		if (running != null) {
			running.dispose();
		}
		if (prunes != null) {
			prunes.dispose();
		}
	}

	@Override
	public boolean isRunning() {
		return this.reading != null;
	}

	/** One open stream: a bounded buffer of the changes it sees. */
	private static final class Listener {

		private final Audience audience;

		private final StreamPosition after;

		private final Sinks.Many<StreamedChange> live;

		private final Sinks.One<String> dropped = Sinks.one();

		Listener(Audience audience, StreamPosition after, int buffer) {
			this.audience = audience;
			this.after = after;
			this.live = Sinks.many().unicast().onBackpressureBuffer(Queues.<StreamedChange>get(buffer).get());
		}

		/** Whether the stream goes on: false once it fell behind or was cancelled. */
		boolean offer(StreamedChange change) {
			if (!this.audience.sees(change) || (this.after != null && change.at().compareTo(this.after) <= 0)) {
				return true;
			}
			Sinks.EmitResult result = this.live.tryEmitNext(change);
			if (result == Sinks.EmitResult.FAIL_OVERFLOW) {
				this.dropped.tryEmitValue(SLOW_CONSUMER);
				return false;
			}
			return result.isSuccess();
		}

	}

}
