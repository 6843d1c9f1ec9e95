package dev.switchboard.messaging.messages.send;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.events.EventJson;
import io.r2dbc.postgresql.codec.Json;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;

/** Stores newly accepted messages and finds them again by idempotency key. */
@Component
class AcceptedMessages {

	/** Rows per multi-row insert: 13 parameters each, well below PostgreSQL's 65,535. */
	private static final int ROWS_PER_STATEMENT = 250;

	/** One row of {@link #insertAll}'s statement, its parameters numbered by row. */
	private static final String INSERTED_ROW = """
			(:id%1$d, :tenantId%1$d, :channelId%1$d, :provider%1$d, :recipient%1$d, :type%1$d, :body%1$d, \
			:content%1$d, :replyTo%1$d, 'accepted', :requestHash%1$d, :correlationId%1$d, :traceId%1$d, :at%1$d, :at%1$d, \
			:at%1$d)""";

	private final DatabaseClient database;

	AcceptedMessages(DatabaseClient database) {
		this.database = database;
	}

	/**
	 * Inserts an accepted message unless its id or the tenant's idempotency key (within
	 * its 24 h) is taken.
	 * @return true when inserted, false when the id or key was taken
	 */
	Mono<Boolean> insert(NewMessage message) {
		GenericExecuteSpec insert = this.database.sql("""
				INSERT INTO messages (id, tenant_id, channel_id, provider, recipient, type, body, content, reply_to,
				status, idempotency_key, request_hash, correlation_id, client_message_id, trace_id, accepted_at,
				created_at, updated_at)
				VALUES (:id, :tenantId, :channelId, :provider, :recipient, :type, :body, :content, :replyTo, 'accepted',
				:idempotencyKey, :requestHash, :correlationId, :clientMessageId, :traceId, :at, :at, :at)
				ON CONFLICT DO NOTHING
				""")
			.bind("id", message.id())
			.bind("tenantId", message.tenantId())
			.bind("channelId", message.channelId())
			.bind("provider", message.provider())
			.bind("recipient", message.recipient())
			.bind("type", message.type())
			.bind("content", Json.of(EventJson.write(message.content())))
			.bind("requestHash", message.requestHash())
			.bind("at", message.acceptedAt());
		insert = nullable(insert, "body", message.text());
		insert = nullable(insert, "replyTo", message.replyTo());
		insert = nullable(insert, "idempotencyKey", message.idempotencyKey());
		insert = nullable(insert, "correlationId", message.correlationId());
		insert = nullable(insert, "clientMessageId", message.clientMessageId());
		insert = nullable(insert, "traceId", message.traceId());
		Mono<Long> expire = (message.idempotencyKey() != null) ? expireKey(message) : Mono.just(0L);
		return expire.then(insert.fetch().rowsUpdated()).map((inserted) -> inserted > 0);
	}

	/**
	 * Inserts messages without idempotency keys together: a multi-row statement per
	 * {@value #ROWS_PER_STATEMENT} messages. Their ids are new, so none can be taken.
	 */
	Mono<Void> insertAll(List<NewMessage> messages) {
		return Flux.fromIterable(messages)
			.buffer(ROWS_PER_STATEMENT)
			.concatMap((rows) -> insertRows(rows).fetch().rowsUpdated())
			.then();
	}

	private GenericExecuteSpec insertRows(List<NewMessage> rows) {
		StringBuilder sql = new StringBuilder("""
				INSERT INTO messages (id, tenant_id, channel_id, provider, recipient, type, body, content, reply_to,
				status, request_hash, correlation_id, trace_id, accepted_at, created_at, updated_at)
				VALUES
				""");
		for (int i = 0; i < rows.size(); i++) {
			sql.append((i > 0) ? ", " : "").append(INSERTED_ROW.formatted(i));
		}
		GenericExecuteSpec insert = this.database.sql(sql.toString());
		for (int i = 0; i < rows.size(); i++) {
			NewMessage message = rows.get(i);
			insert = insert.bind("id" + i, message.id())
				.bind("tenantId" + i, message.tenantId())
				.bind("channelId" + i, message.channelId())
				.bind("provider" + i, message.provider())
				.bind("recipient" + i, message.recipient())
				.bind("type" + i, message.type())
				.bind("content" + i, Json.of(EventJson.write(message.content())))
				.bind("requestHash" + i, message.requestHash())
				.bind("at" + i, message.acceptedAt());
			insert = nullable(insert, "body" + i, message.text());
			insert = nullable(insert, "replyTo" + i, message.replyTo());
			insert = nullable(insert, "correlationId" + i, message.correlationId());
			insert = nullable(insert, "traceId" + i, message.traceId());
		}
		return insert;
	}

	/** A key is remembered for 24 h; after that it may name a new message. */
	private Mono<Long> expireKey(NewMessage message) {
		return this.database.sql("""
				UPDATE messages SET idempotency_key = NULL
				WHERE tenant_id = :tenantId AND idempotency_key = :key AND created_at < :expiry
				""")
			.bind("tenantId", message.tenantId())
			.bind("key", message.idempotencyKey())
			.bind("expiry", message.acceptedAt().minus(MessageAcceptance.IDEMPOTENCY_WINDOW))
			.fetch()
			.rowsUpdated();
	}

	/** The id and request digest of the message the tenant sent with that key. */
	Mono<Earlier> findByIdempotencyKey(String tenantId, String idempotencyKey) {
		return this.database.sql("""
				SELECT id, request_hash, status FROM messages
				WHERE tenant_id = :tenantId AND idempotency_key = :idempotencyKey
				""")
			.bind("tenantId", tenantId)
			.bind("idempotencyKey", idempotencyKey)
			.map((row) -> new Earlier(row.get("id", UUID.class), row.get("request_hash", String.class),
					row.get("status", String.class)))
			.one();
	}

	/** Whether the tenant has the message. */
	Mono<Boolean> exists(String tenantId, UUID id) {
		return this.database.sql("SELECT 1 FROM messages WHERE tenant_id = :tenantId AND id = :id")
			.bind("tenantId", tenantId)
			.bind("id", id)
			.map((row) -> true)
			.one()
			.defaultIfEmpty(false);
	}

	private static GenericExecuteSpec nullable(GenericExecuteSpec spec, String name, String value) {
		return (value != null) ? spec.bind(name, value) : spec.bindNull(name, String.class);
	}

	/**
	 * The message an idempotency key first named.
	 *
	 * @param id its id
	 * @param requestHash the digest of its request
	 * @param status its current status
	 */
	record Earlier(UUID id, String requestHash, String status) {
	}

	/**
	 * A message as accepted.
	 *
	 * @param id platform message id
	 * @param tenantId owning tenant
	 * @param channelId channel it goes through
	 * @param provider the channel's provider
	 * @param recipient recipient in E.164
	 * @param type message type
	 * @param text the text of a text message, null otherwise
	 * @param content the Graph API object of the type
	 * @param replyTo wamid replied to, may be null
	 * @param idempotencyKey the caller's idempotency key, may be null
	 * @param requestHash digest of the request
	 * @param correlationId correlation id of the request, may be null
	 * @param clientMessageId the requesting service's message id when it is no UUID
	 * @param acceptedAt when it was accepted
	 * @param traceId the trace of the request (or command) that sent it, null without
	 * tracing
	 */
	record NewMessage(UUID id, String tenantId, String channelId, String provider, String recipient, String type,
			String text, Map<String, Object> content, String replyTo, String idempotencyKey, String requestHash,
			String correlationId, String clientMessageId, Instant acceptedAt, String traceId) {

		/** The same message with other content (a template's fallback). */
		NewMessage withContent(Map<String, Object> replaced) {
			return new NewMessage(this.id, this.tenantId, this.channelId, this.provider, this.recipient, this.type,
					this.text, replaced, this.replyTo, this.idempotencyKey, this.requestHash, this.correlationId,
					this.clientMessageId, this.acceptedAt, this.traceId);
		}

	}

}
