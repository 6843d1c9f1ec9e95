package dev.switchboard.events.outbox;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventJson;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.observation.transport.SenderContext;
import io.r2dbc.postgresql.codec.Json;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;

/**
 * The transactional outbox: an event is written in the same transaction as the state
 * change it reports, and the {@link OutboxRelay} publishes it once that transaction has
 * committed. A committed append wakes the relay right away.
 * <p>
 * The table has the columns {@code id bigserial, tenant_id, topic, key, type text,
 * payload, headers jsonb, created_at, published_at timestamptz} (each service creates it
 * in its own schema with Flyway).
 * <p>
 * An event appended within an observation (an HTTP request's, a consumed record's) that
 * carries no trace context of its own is stored with the one of an
 * {@value #APPEND_OBSERVATION} observation, a child of it: the relay's send continues
 * that trace (see {@code EventPublisher#publishEach}).
 */
public class Outbox {

	/** Writing events to the outbox; its trace context travels with them. */
	public static final String APPEND_OBSERVATION = "switchboard.outbox.append";

	private static final String TRACEPARENT = "traceparent";

	/** A table name, optionally schema-qualified: it is written into SQL as it is. */
	static final Pattern TABLE_NAME = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?");

	private final DatabaseClient database;

	private final URI source;

	private final String table;

	private final String insert;

	private final String insertAll;

	private final Sinks.Many<Boolean> committed = Sinks.many().multicast().directBestEffort();

	private final ObservationRegistry observations;

	/**
	 * Creates the outbox of a service.
	 * @param database the client whose transactions events are appended in
	 * @param source the CloudEvents source of every event the service produces, e.g.
	 * {@code urn:switchboard:order-service}
	 * @param table the outbox table, a lower-case SQL name (optionally schema-qualified)
	 */
	public Outbox(DatabaseClient database, URI source, String table) {
		this(database, source, table, ObservationRegistry.NOOP);
	}

	/**
	 * Creates the outbox of a service whose events carry the trace context they were
	 * appended in.
	 * @param database the client whose transactions events are appended in
	 * @param source the CloudEvents source of every event the service produces
	 * @param table the outbox table, a lower-case SQL name (optionally schema-qualified)
	 * @param observations where the append observations go
	 */
	public Outbox(DatabaseClient database, URI source, String table, ObservationRegistry observations) {
		this.observations = Objects.requireNonNull(observations, "observations");
		this.database = Objects.requireNonNull(database, "database");
		this.source = Objects.requireNonNull(source, "source");
		this.table = checkTable(table);
		this.insert = """
				INSERT INTO %s (tenant_id, topic, key, type, payload, headers)
				VALUES (:tenantId, :topic, :key, :type, :payload, :headers)""".formatted(this.table);
		// Ids (the relay's publishing order) follow the list's order.
		this.insertAll = """
				INSERT INTO %s (tenant_id, topic, key, type, payload, headers)
				SELECT r.tenant_id, r.topic, r.key, r.type, r.payload::jsonb, r.headers::jsonb
				FROM unnest(:tenantIds::text[], :topics::text[], :keys::text[], :types::text[],
				            :payloads::text[], :headers::text[]) WITH ORDINALITY
				     AS r(tenant_id, topic, key, type, payload, headers, position)
				ORDER BY r.position""".formatted(this.table);
	}

	/** The CloudEvents source of every event this service produces. */
	public URI source() {
		return this.source;
	}

	/** The table events are stored in until published. */
	public String table() {
		return this.table;
	}

	/**
	 * Appends an event for its type's topic. Call inside the transaction of the state
	 * change.
	 */
	public Mono<Void> append(EventEnvelope<?> event, String key) {
		return traced(List.of(new Append(event, key)), (traced) -> insert(traced.get(0).event(), key));
	}

	private Mono<Void> insert(EventEnvelope<?> event, String key) {
		return this.database.sql(this.insert)
			.bind("tenantId", event.tenantId())
			.bind("topic", event.type().topic().topicName())
			.bind("key", key)
			.bind("type", event.type().type())
			.bind("payload", Json.of(EventJson.write(event.data())))
			.bind("headers", Json.of(EventJson.write(headers(event))))
			.then()
			.then(wakeRelayAfterCommit());
	}

	/**
	 * Appends several events in one statement, in their order. Call inside the
	 * transaction of the state change.
	 */
	public Mono<Void> appendAll(List<Append> events) {
		if (events.isEmpty()) {
			return Mono.empty();
		}
		return traced(events, this::insertAll);
	}

	private Mono<Void> insertAll(List<Append> events) {
		int count = events.size();
		String[] tenantIds = new String[count];
		String[] topics = new String[count];
		String[] keys = new String[count];
		String[] types = new String[count];
		String[] payloads = new String[count];
		String[] headers = new String[count];
		for (int i = 0; i < count; i++) {
			EventEnvelope<?> event = events.get(i).event();
			tenantIds[i] = event.tenantId();
			topics[i] = event.type().topic().topicName();
			keys[i] = events.get(i).key();
			types[i] = event.type().type();
			payloads[i] = new String(EventJson.write(event.data()), StandardCharsets.UTF_8);
			headers[i] = new String(EventJson.write(headers(event)), StandardCharsets.UTF_8);
		}
		// Six array parameters whatever the count: binding six per row made each bind
		// copy all earlier ones (quadratic), and each statement a new text to parse.
		return this.database.sql(this.insertAll)
			.bind("tenantIds", tenantIds)
			.bind("topics", topics)
			.bind("keys", keys)
			.bind("types", types)
			.bind("payloads", payloads)
			.bind("headers", headers)
			.then()
			.then(wakeRelayAfterCommit());
	}

	/**
	 * Runs the insert of the events, those without trace context given the one of an
	 * append observation, a child of the observation current in the Reactor context; as
	 * they are when there is none (a batch of several traces' work, say) or tracing is
	 * off.
	 */
	private Mono<Void> traced(List<Append> events, Function<List<Append>, Mono<Void>> insert) {
		if (this.observations.isNoop()) {
			return insert.apply(events);
		}
		return Mono.deferContextual((reactor) -> {
			Observation parent = reactor.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
			if (parent == null) {
				return insert.apply(events);
			}
			Map<String, String> carrier = new HashMap<>();
			SenderContext<Map<String, String>> context = new SenderContext<>(
					(headers, name, value) -> headers.put(name, value));
			context.setCarrier(carrier);
			context.setRemoteServiceName("outbox");
			Observation observation = Observation.createNotStarted(APPEND_OBSERVATION, () -> context, this.observations)
				.contextualName(this.table + " append")
				.parentObservation(parent)
				.start();
			String traceparent = carrier.get(TRACEPARENT);
			List<Append> traced = (traceparent == null) ? events
					: events.stream()
						.map((append) -> (append.event().traceparent() != null) ? append
								: new Append(append.event().withTraceparent(traceparent), append.key()))
						.toList();
			return insert.apply(traced).doOnError(observation::error).doFinally((signal) -> observation.stop());
		});
	}

	/** Commit signals for the relay. */
	Flux<Boolean> commits() {
		return this.committed.asFlux();
	}

	static String checkTable(String table) {
		if (table == null || !TABLE_NAME.matcher(table).matches()) {
			throw new IllegalArgumentException("Not a lower-case SQL table name: " + table);
		}
		return table;
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

	/**
	 * An event to append, with its record key.
	 *
	 * @param event the event
	 * @param key the Kafka record key
	 */
	public record Append(EventEnvelope<?> event, String key) {
	}

}
