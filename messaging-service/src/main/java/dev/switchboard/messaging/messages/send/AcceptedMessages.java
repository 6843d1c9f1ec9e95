package dev.switchboard.messaging.messages.send;

import java.time.Instant;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;

/** Stores newly accepted messages and finds them again by idempotency key. */
@Component
class AcceptedMessages {

	private final DatabaseClient database;

	AcceptedMessages(DatabaseClient database) {
		this.database = database;
	}

	/**
	 * Inserts an accepted message unless the tenant already used its idempotency key.
	 * @return true when inserted, false when the key was taken
	 */
	Mono<Boolean> insert(NewMessage message) {
		GenericExecuteSpec insert = this.database
			.sql("INSERT INTO messages (id, tenant_id, channel_id, recipient, type, body, status, idempotency_key, "
					+ "accepted_at, created_at, updated_at) VALUES (:id, :tenantId, :channelId, :recipient, 'text', "
					+ ":body, 'accepted', :idempotencyKey, :at, :at, :at) "
					+ "ON CONFLICT (tenant_id, idempotency_key) DO NOTHING")
			.bind("id", message.id())
			.bind("tenantId", message.tenantId())
			.bind("channelId", message.channelId())
			.bind("recipient", message.recipient())
			.bind("body", message.text())
			.bind("at", message.acceptedAt());
		insert = (message.idempotencyKey() != null) ? insert.bind("idempotencyKey", message.idempotencyKey())
				: insert.bindNull("idempotencyKey", String.class);
		return insert.fetch().rowsUpdated().map((inserted) -> inserted > 0);
	}

	/** The message the tenant sent with that idempotency key. */
	Mono<NewMessage> findByIdempotencyKey(String tenantId, String idempotencyKey) {
		return this.database
			.sql("SELECT id, tenant_id, channel_id, recipient, body, idempotency_key, accepted_at FROM messages "
					+ "WHERE tenant_id = :tenantId AND idempotency_key = :idempotencyKey")
			.bind("tenantId", tenantId)
			.bind("idempotencyKey", idempotencyKey)
			.map((row) -> new NewMessage(row.get("id", UUID.class), row.get("tenant_id", String.class),
					row.get("channel_id", String.class), row.get("recipient", String.class),
					row.get("body", String.class), row.get("idempotency_key", String.class),
					row.get("accepted_at", Instant.class)))
			.one();
	}

	/**
	 * A text message as accepted.
	 *
	 * @param id platform message id
	 * @param tenantId owning tenant
	 * @param channelId channel it goes through
	 * @param recipient recipient in E.164
	 * @param text the text
	 * @param idempotencyKey the caller's idempotency key, may be null
	 * @param acceptedAt when it was accepted
	 */
	record NewMessage(UUID id, String tenantId, String channelId, String recipient, String text, String idempotencyKey,
			Instant acceptedAt) {
	}

}
