package dev.switchboard.messaging.messages.query;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.switchboard.events.EventJson;
import dev.switchboard.messaging.messages.delivery.ErrorCatalog;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;

/** Reads messages for the API, always within one tenant. */
@Component
class MessageQueries {

	/** Status names and their time columns, in lifecycle order. */
	private static final List<Map.Entry<String, String>> TIMES = List.of(Map.entry("accepted", "accepted_at"),
			Map.entry("sent", "sent_at"), Map.entry("delivered", "delivered_at"), Map.entry("read", "read_at"),
			Map.entry("played", "played_at"), Map.entry("failed", "failed_at"));

	private static final String COLUMNS = """
			id, client_message_id, channel_id, recipient, type, body, content, reply_to, status, wamid, matched_by,
			correlation_id, provider_attempts, created_at, accepted_at, sent_at, delivered_at, read_at, played_at,
			failed_at, error_code, error_title, error_details, pricing_category, pricing_model, pricing_type, billable,
			conversation_id, conversation_origin, trace_id,
			(SELECT jsonb_object_agg(t.status, t.trace_id) FROM message_status_traces t WHERE t.message_id = messages.id)
			AS status_traces""";

	private final DatabaseClient database;

	MessageQueries(DatabaseClient database) {
		this.database = database;
	}

	/**
	 * The tenant's message with that id; empty for unknown ids and other tenants' ids.
	 */
	Mono<MessageView> find(String tenantId, UUID id) {
		return one(this.database.sql("""
				SELECT %s FROM messages WHERE tenant_id = :tenantId AND id = :id
				""".formatted(COLUMNS)).bind("id", id), tenantId);
	}

	/** The tenant's message the requesting service named with its own id. */
	Mono<MessageView> findByClientId(String tenantId, String clientMessageId) {
		return one(this.database.sql("""
				SELECT %s FROM messages WHERE tenant_id = :tenantId AND client_message_id = :clientId
				""".formatted(COLUMNS)).bind("clientId", clientMessageId), tenantId);
	}

	/** The tenant's message with that wamid. */
	Mono<MessageView> findByWamid(String tenantId, String wamid) {
		return one(this.database.sql("""
				SELECT %s FROM messages WHERE tenant_id = :tenantId AND wamid = :wamid
				""".formatted(COLUMNS)).bind("wamid", wamid), tenantId);
	}

	/** A page of the tenant's messages matching the filter, newest first. */
	Mono<MessageView.Page> list(String tenantId, MessageFilter filter) {
		StringBuilder where = new StringBuilder("WHERE tenant_id = :tenantId");
		Map<String, Object> binds = new LinkedHashMap<>();
		binds.put("tenantId", tenantId);
		condition(where, binds, "status", "status = :status", filter.status());
		condition(where, binds, "channelId", "channel_id = :channelId", filter.channelId());
		condition(where, binds, "recipient", "recipient = :recipient", filter.recipient());
		condition(where, binds, "correlationId", "correlation_id = :correlationId", filter.correlationId());
		condition(where, binds, "wamid", "wamid = :wamid", filter.wamid());
		condition(where, binds, "since", "created_at >= :since", filter.since());
		condition(where, binds, "until", "created_at < :until", filter.until());
		Optional<Cursor> cursor = Cursor.decode(filter.cursor());
		if (cursor.isPresent()) {
			where.append(" AND (created_at, id) < (:cursorAt, :cursorId)");
			binds.put("cursorAt", cursor.get().createdAt());
			binds.put("cursorId", cursor.get().id());
		}
		GenericExecuteSpec spec = this.database.sql("""
				SELECT %s FROM messages %s
				ORDER BY created_at DESC, id DESC LIMIT %d
				""".formatted(COLUMNS, where, filter.limit() + 1));
		for (Map.Entry<String, Object> bind : binds.entrySet()) {
			spec = spec.bind(bind.getKey(), bind.getValue());
		}
		return spec.map(MessageQueries::view).all().collectList().map((rows) -> {
			if (rows.size() <= filter.limit()) {
				return new MessageView.Page(rows, null);
			}
			List<MessageView> page = new ArrayList<>(rows.subList(0, filter.limit()));
			MessageView last = page.get(page.size() - 1);
			return new MessageView.Page(page, new Cursor(last.createdAt(), UUID.fromString(last.id())).encode());
		});
	}

	private Mono<MessageView> one(GenericExecuteSpec spec, String tenantId) {
		return spec.bind("tenantId", tenantId).map(MessageQueries::view).one();
	}

	private static void condition(StringBuilder where, Map<String, Object> binds, String name, String sql,
			Object value) {
		if (value != null) {
			where.append(" AND ").append(sql);
			binds.put(name, value);
		}
	}

	@SuppressWarnings("unchecked")
	private static MessageView view(Readable row) {
		Map<String, Instant> times = new LinkedHashMap<>();
		for (Map.Entry<String, String> time : TIMES) {
			Instant at = row.get(time.getValue(), Instant.class);
			if (at != null) {
				times.put(time.getKey(), at);
			}
		}
		Json traced = row.get("status_traces", Json.class);
		Map<String, String> reported = (traced != null) ? EventJson.read(traced.asArray(), Map.class) : Map.of();
		Map<String, String> traces = new LinkedHashMap<>();
		for (Map.Entry<String, String> time : TIMES) {
			String traceId = reported.get(time.getKey());
			if (traceId != null) {
				traces.put(time.getKey(), traceId);
			}
		}
		Integer code = row.get("error_code", Integer.class);
		String title = row.get("error_title", String.class);
		String details = row.get("error_details", String.class);
		MessageView.Error error = (code != null || title != null || details != null)
				? new MessageView.Error(code, title, details, ErrorCatalog.hint(code)) : null;
		Json content = row.get("content", Json.class);
		String category = row.get("pricing_category", String.class);
		String model = row.get("pricing_model", String.class);
		String conversationId = row.get("conversation_id", String.class);
		MessageView.Pricing pricing = (category != null || model != null || conversationId != null)
				? new MessageView.Pricing(category, model, row.get("pricing_type", String.class),
						row.get("billable", Boolean.class), conversationId,
						row.get("conversation_origin", String.class))
				: null;
		Integer attempts = row.get("provider_attempts", Integer.class);
		return new MessageView(row.get("id", UUID.class).toString(), row.get("client_message_id", String.class),
				row.get("channel_id", String.class), row.get("recipient", String.class), row.get("type", String.class),
				row.get("body", String.class), (content != null) ? EventJson.read(content.asArray(), Map.class) : null,
				row.get("reply_to", String.class), row.get("status", String.class), row.get("wamid", String.class),
				row.get("matched_by", String.class), row.get("correlation_id", String.class),
				(attempts != null) ? attempts : 0, row.get("created_at", Instant.class), times, pricing, error,
				row.get("trace_id", String.class), traces);
	}

	/**
	 * Where a page ended: the last message's creation time and id.
	 *
	 * @param createdAt creation time
	 * @param id message id
	 */
	record Cursor(Instant createdAt, UUID id) {

		String encode() {
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString((this.createdAt + "|" + this.id).getBytes(StandardCharsets.UTF_8));
		}

		static Optional<Cursor> decode(String cursor) {
			if (cursor == null) {
				return Optional.empty();
			}
			String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
			return Optional.of(new Cursor(Instant.parse(parts[0]), UUID.fromString(parts[1])));
		}

	}

}
