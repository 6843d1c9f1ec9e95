package dev.switchboard.messaging.messages.query;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/** Reads messages for the API, always within one tenant. */
@Component
class MessageQueries {

	/** Status names and their time columns, in lifecycle order. */
	private static final List<Map.Entry<String, String>> TIMES = List.of(Map.entry("accepted", "accepted_at"),
			Map.entry("sent", "sent_at"), Map.entry("delivered", "delivered_at"), Map.entry("read", "read_at"),
			Map.entry("played", "played_at"), Map.entry("failed", "failed_at"));

	private final DatabaseClient database;

	MessageQueries(DatabaseClient database) {
		this.database = database;
	}

	/**
	 * The tenant's message with that id; empty for unknown ids and other tenants' ids.
	 */
	Mono<MessageView> find(String tenantId, UUID id) {
		return this.database
			.sql("SELECT id, channel_id, recipient, type, body, status, wamid, created_at, accepted_at, sent_at, "
					+ "delivered_at, read_at, played_at, failed_at, error_code, error_title, error_details "
					+ "FROM messages WHERE tenant_id = :tenantId AND id = :id")
			.bind("tenantId", tenantId)
			.bind("id", id)
			.map(MessageQueries::view)
			.one();
	}

	private static MessageView view(Readable row) {
		Map<String, Instant> times = new LinkedHashMap<>();
		for (Map.Entry<String, String> time : TIMES) {
			Instant at = row.get(time.getValue(), Instant.class);
			if (at != null) {
				times.put(time.getKey(), at);
			}
		}
		Integer code = row.get("error_code", Integer.class);
		String title = row.get("error_title", String.class);
		String details = row.get("error_details", String.class);
		MessageView.Error error = (code != null || title != null || details != null)
				? new MessageView.Error(code, title, details) : null;
		return new MessageView(row.get("id", UUID.class).toString(), row.get("channel_id", String.class),
				row.get("recipient", String.class), row.get("type", String.class), row.get("body", String.class),
				row.get("status", String.class), row.get("wamid", String.class), row.get("created_at", Instant.class),
				times, error);
	}

}
