package dev.switchboard.messaging.inbox.stream;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventJson;
import dev.switchboard.events.conversations.ConversationChanged;
import io.r2dbc.postgresql.codec.Json;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Records every conversation change for the streams, in the transaction of the change (as
 * the outbox records its event): a stream never shows a change that was rolled back, and
 * every instance serves every instance's changes from the one table.
 */
@Component
public class ChangeLog {

	private final DatabaseClient database;

	ChangeLog(DatabaseClient database) {
		this.database = database;
	}

	/**
	 * {@link #append} for changes of distinct conversations, in one statement.
	 */
	public Mono<Void> appendAll(List<EventEnvelope<ConversationChanged>> events) {
		if (events.isEmpty()) {
			return Mono.empty();
		}
		return this.database.sql("""
				INSERT INTO conversation_stream (tenant_id, conversation_id, assignee_id, queue_id, previous_known,
				  previous_assignee_id, previous_queue_id, payload)
				SELECT e.tenant_id, c.id, e.assignee_id, c.queue_id, p.known IS NOT NULL, p.assignee_id, p.queue_id,
				  e.payload::jsonb
				FROM unnest(:tenantIds::text[], :conversationIds::uuid[], :assigneeIds::text[], :payloads::text[])
				  WITH ORDINALITY AS e(tenant_id, conversation_id, assignee_id, payload, position)
				JOIN conversations c ON c.tenant_id = e.tenant_id AND c.id = e.conversation_id
				LEFT JOIN LATERAL (SELECT true AS known, s.assignee_id, s.queue_id
				  FROM conversation_stream s WHERE s.conversation_id = c.id ORDER BY s.position DESC LIMIT 1) p ON true
				ORDER BY e.position""")
			.bind("tenantIds", events.stream().map(EventEnvelope::tenantId).toArray(String[]::new))
			.bind("conversationIds",
					events.stream().map((event) -> UUID.fromString(event.data().conversationId())).toArray(UUID[]::new))
			.bind("assigneeIds", events.stream().map((event) -> event.data().assigneeId()).toArray(String[]::new))
			.bind("payloads",
					events.stream()
						.map((event) -> new String(EventJson.write(event.data()), StandardCharsets.UTF_8))
						.toArray(String[]::new))
			.then();
	}

	/**
	 * Records the change. Call inside the transaction of the change, after the
	 * conversation row was written (and locked): the queue is read from it, the state
	 * before the change from the conversation's previous change here.
	 */
	public Mono<Void> append(EventEnvelope<ConversationChanged> event) {
		ConversationChanged data = event.data();
		DatabaseClient.GenericExecuteSpec insert = this.database.sql("""
				INSERT INTO conversation_stream (tenant_id, conversation_id, assignee_id, queue_id, previous_known,
				  previous_assignee_id, previous_queue_id, payload)
				SELECT :tenantId, c.id, :assigneeId, c.queue_id, p.known IS NOT NULL, p.assignee_id, p.queue_id,
				  :payload
				FROM conversations c LEFT JOIN LATERAL (SELECT true AS known, s.assignee_id, s.queue_id
				  FROM conversation_stream s WHERE s.conversation_id = c.id ORDER BY s.position DESC LIMIT 1) p ON true
				WHERE c.tenant_id = :tenantId AND c.id = :conversationId""")
			.bind("tenantId", event.tenantId())
			.bind("conversationId", UUID.fromString(data.conversationId()))
			.bind("payload", Json.of(EventJson.write(data)));
		insert = (data.assigneeId() != null) ? insert.bind("assigneeId", data.assigneeId())
				: insert.bindNull("assigneeId", String.class);
		return insert.then();
	}

}
