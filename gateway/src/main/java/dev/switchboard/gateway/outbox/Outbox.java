package dev.switchboard.gateway.outbox;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventJson;
import io.r2dbc.postgresql.codec.Json;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;

/**
 * The transactional outbox: an event is written in the same transaction as the state
 * change it reports, and the {@link OutboxRelay} publishes it once that transaction has
 * committed. A committed append wakes the relay right away.
 */
@Component
public class Outbox {

	/** The CloudEvents source of every event this service produces. */
	public static final URI SOURCE = URI.create("urn:switchboard:gateway");

	private final DatabaseClient database;

	private final Sinks.Many<Boolean> committed = Sinks.many().multicast().directBestEffort();

	Outbox(DatabaseClient database) {
		this.database = database;
	}

	/**
	 * Appends an event for its type's topic. Call inside the transaction of the state
	 * change.
	 */
	public Mono<Void> append(EventEnvelope<?> event, String key) {
		return this.database
			.sql("INSERT INTO outbox (tenant_id, topic, key, type, payload, headers) "
					+ "VALUES (:tenantId, :topic, :key, :type, :payload, :headers)")
			.bind("tenantId", event.tenantId())
			.bind("topic", event.type().topic().topicName())
			.bind("key", key)
			.bind("type", event.type().type())
			.bind("payload", Json.of(EventJson.write(event.data())))
			.bind("headers", Json.of(EventJson.write(headers(event))))
			.then()
			.then(wakeRelayAfterCommit());
	}

	/** Commit signals for the relay. */
	Flux<Boolean> commits() {
		return this.committed.asFlux();
	}

	private Mono<Void> wakeRelayAfterCommit() {
		return TransactionSynchronizationManager.forCurrentTransaction()
			.doOnNext((transaction) -> transaction.registerSynchronization(new TransactionSynchronization() {
				@Override
				public Mono<Void> afterCommit() {
					return Mono.fromRunnable(Outbox.this::wake);
				}
			}))
			.onErrorResume(NoTransactionException.class, (ex) -> Mono.fromRunnable(this::wake))
			.then();
	}

	private void wake() {
		// A failed emission means another signal is in flight; the relay runs anyway.
		this.committed.tryEmitNext(Boolean.TRUE);
	}

	private static Map<String, String> headers(EventEnvelope<?> event) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put(OutboxRow.ID, event.id());
		headers.put(OutboxRow.SOURCE, event.source().toString());
		headers.put(OutboxRow.TIME, event.time().toString());
		putIfPresent(headers, OutboxRow.SUBJECT, event.subject());
		putIfPresent(headers, OutboxRow.CORRELATION_ID, event.correlationId());
		putIfPresent(headers, OutboxRow.TRACEPARENT, event.traceparent());
		return headers;
	}

	private static void putIfPresent(Map<String, String> headers, String name, String value) {
		if (value != null) {
			headers.put(name, value);
		}
	}

}
