package dev.switchboard.messaging.inbox.timeline;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.events.EventJson;
import dev.switchboard.events.Uuids;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;

/**
 * Writes a conversation's timeline: customer messages (once per wamid), agent replies
 * (once per outbound message), private notes, activity entries, and reactions applied to
 * the message they react to.
 */
@Component
public class Timeline {

	private final DatabaseClient database;

	Timeline(DatabaseClient database) {
		this.database = database;
	}

	/** Whether the tenant's timelines hold the customer message already. */
	public Mono<Boolean> knows(String tenantId, String wamid) {
		return this.database
			.sql("SELECT EXISTS (SELECT 1 FROM conversation_entries WHERE tenant_id = :tenantId AND wamid = :wamid)")
			.bind("tenantId", tenantId)
			.bind("wamid", wamid)
			.map((row) -> row.get(0, Boolean.class))
			.one();
	}

	/**
	 * Adds a customer message.
	 * @return the entry's id, empty when the tenant has the wamid already
	 */
	public Mono<UUID> appendInbound(InboundEntry entry) {
		UUID id = Uuids.random();
		GenericExecuteSpec insert = this.database.sql("""
				INSERT INTO conversation_entries (id, tenant_id, conversation_id, kind, at, wamid, message_type, text,
				content, context, referral, errors, other_fields, reply_to_wamid)
				VALUES (:id, :tenantId, :conversationId, 'INBOUND', :at, :wamid, :type, :text, :content, :context,
				:referral, :errors, :otherFields, :replyTo)
				ON CONFLICT (tenant_id, wamid) WHERE wamid IS NOT NULL DO NOTHING RETURNING id""")
			.bind("id", id)
			.bind("tenantId", entry.tenantId())
			.bind("conversationId", entry.conversationId())
			.bind("at", entry.at())
			.bind("wamid", entry.wamid())
			.bind("type", entry.type());
		insert = text(insert, "text", entry.text());
		insert = text(insert, "replyTo", entry.replyToWamid());
		insert = json(insert, "content", entry.content());
		insert = json(insert, "context", entry.context());
		insert = json(insert, "referral", entry.referral());
		insert = json(insert, "errors", entry.errors());
		insert = json(insert, "otherFields", entry.otherFields());
		return insert.map((row) -> row.get("id", UUID.class)).one();
	}

	/**
	 * Adds an agent reply once per outbound message.
	 * @return the entry's id and whether it is new
	 */
	public Mono<Appended> appendOutbound(String tenantId, UUID conversationId, UUID messageId, String actor,
			Instant at) {
		UUID id = Uuids.random();
		GenericExecuteSpec insert = this.database.sql("""
				INSERT INTO conversation_entries (id, tenant_id, conversation_id, kind, at, outbound_message_id, actor)
				VALUES (:id, :tenantId, :conversationId, 'OUTBOUND', :at, :messageId, :actor)
				ON CONFLICT (tenant_id, outbound_message_id) WHERE outbound_message_id IS NOT NULL DO NOTHING
				RETURNING id""")
			.bind("id", id)
			.bind("tenantId", tenantId)
			.bind("conversationId", conversationId)
			.bind("at", at)
			.bind("messageId", messageId);
		insert = text(insert, "actor", actor);
		return insert.map((row) -> new Appended(row.get("id", UUID.class), true))
			.one()
			.switchIfEmpty(Mono.defer(() -> this.database.sql(
					"SELECT id FROM conversation_entries WHERE tenant_id = :tenantId AND outbound_message_id = :messageId")
				.bind("tenantId", tenantId)
				.bind("messageId", messageId)
				.map((row) -> new Appended(row.get("id", UUID.class), false))
				.one()));
	}

	/** Adds a private note (never sent to WhatsApp). */
	public Mono<UUID> appendNote(String tenantId, UUID conversationId, String actor, String text, Instant at) {
		UUID id = Uuids.random();
		GenericExecuteSpec insert = this.database.sql("""
				INSERT INTO conversation_entries (id, tenant_id, conversation_id, kind, at, text, actor)
				VALUES (:id, :tenantId, :conversationId, 'NOTE', :at, :text, :actor)""")
			.bind("id", id)
			.bind("tenantId", tenantId)
			.bind("conversationId", conversationId)
			.bind("at", at)
			.bind("text", text);
		return text(insert, "actor", actor).then().thenReturn(id);
	}

	/** Adds an activity entry (the audit trail of the conversation). */
	public Mono<UUID> appendActivity(String tenantId, UUID conversationId, String actor, String activity,
			Map<String, Object> details, Instant at) {
		UUID id = Uuids.random();
		GenericExecuteSpec insert = this.database.sql("""
				INSERT INTO conversation_entries (id, tenant_id, conversation_id, kind, at, actor, activity, details)
				VALUES (:id, :tenantId, :conversationId, 'ACTIVITY', :at, :actor, :activity, :details)""")
			.bind("id", id)
			.bind("tenantId", tenantId)
			.bind("conversationId", conversationId)
			.bind("at", at)
			.bind("activity", activity);
		insert = text(insert, "actor", actor);
		return json(insert, "details", details).then().thenReturn(id);
	}

	/**
	 * Applies a contact's reaction to a message (inbound or outbound, by wamid): the
	 * latest reaction wins, an empty emoji removes it.
	 */
	public Mono<Void> react(String tenantId, String targetWamid, UUID contactId, String emoji, Instant at,
			String wamid) {
		GenericExecuteSpec upsert = this.database.sql("""
				INSERT INTO message_reactions (tenant_id, target_wamid, contact_id, emoji, reacted_at, wamid)
				VALUES (:tenantId, :target, :contactId, :emoji, :at, :wamid)
				ON CONFLICT (tenant_id, target_wamid, contact_id) DO UPDATE
				SET emoji = EXCLUDED.emoji, reacted_at = EXCLUDED.reacted_at, wamid = EXCLUDED.wamid
				WHERE message_reactions.reacted_at <= EXCLUDED.reacted_at""")
			.bind("tenantId", tenantId)
			.bind("target", targetWamid)
			.bind("contactId", contactId)
			.bind("at", at)
			.bind("wamid", wamid);
		return text(upsert, "emoji", (emoji == null || emoji.isEmpty()) ? null : emoji).then();
	}

	/** The conversation holding the message with this wamid (customer's or agent's). */
	public Mono<UUID> conversationOf(String tenantId, String wamid) {
		return this.database.sql("""
				SELECT conversation_id FROM conversation_entries WHERE tenant_id = :tenantId AND wamid = :wamid
				UNION ALL
				SELECT e.conversation_id FROM messages m
				JOIN conversation_entries e ON e.tenant_id = m.tenant_id AND e.outbound_message_id = m.id
				WHERE m.wamid = :wamid AND m.tenant_id = :tenantId
				LIMIT 1""")
			.bind("tenantId", tenantId)
			.bind("wamid", wamid)
			.map((row) -> row.get("conversation_id", UUID.class))
			.one();
	}

	/**
	 * A page of the conversation's timeline, newest first.
	 * @param before the cursor of the previous page, or null for the newest
	 */
	public Mono<TimelineEntry.Page> page(String tenantId, UUID conversationId, Long before, int limit) {
		GenericExecuteSpec query = this.database
			.sql("""
					SELECT e.id, e.seq, e.kind, e.at, e.wamid, e.message_type, e.text, e.content, e.context, e.referral,
					e.errors, e.other_fields, e.reply_to_wamid, e.actor, e.activity, e.details,
					m.id AS out_id, m.type AS out_type, m.body AS out_text, m.content AS out_content, m.status AS out_status,
					m.wamid AS out_wamid, m.error_code AS out_error_code, m.error_title AS out_error_title,
					(SELECT r.id FROM conversation_entries r WHERE r.tenant_id = e.tenant_id AND r.wamid = e.reply_to_wamid
					 UNION ALL
					 SELECT r.id FROM messages rm JOIN conversation_entries r
					   ON r.tenant_id = rm.tenant_id AND r.outbound_message_id = rm.id
					 WHERE rm.wamid = e.reply_to_wamid AND rm.tenant_id = e.tenant_id
					 LIMIT 1) AS reply_entry_id,
					(SELECT json_agg(json_build_object('emoji', x.emoji, 'at', x.reacted_at) ORDER BY x.reacted_at)::text
					 FROM message_reactions x WHERE x.tenant_id = e.tenant_id AND x.target_wamid = COALESCE(e.wamid, m.wamid)
					 AND x.emoji IS NOT NULL) AS reactions
					FROM conversation_entries e LEFT JOIN messages m ON m.id = e.outbound_message_id
					WHERE e.tenant_id = :tenantId AND e.conversation_id = :conversationId AND e.seq < :before
					ORDER BY e.seq DESC LIMIT :limit""")
			.bind("tenantId", tenantId)
			.bind("conversationId", conversationId)
			.bind("before", (before != null) ? before : Long.MAX_VALUE)
			.bind("limit", limit + 1);
		return query.map((row) -> new Row(row.get("seq", Long.class), entry(row))).all().collectList().map((rows) -> {
			List<Row> page = rows.subList(0, Math.min(rows.size(), limit));
			String next = (rows.size() > limit) ? Long.toString(page.get(page.size() - 1).seq()) : null;
			return new TimelineEntry.Page(page.stream().map(Row::entry).toList(), next);
		});
	}

	@SuppressWarnings("unchecked")
	private static TimelineEntry entry(Readable row) {
		String kind = row.get("kind", String.class);
		boolean outbound = "OUTBOUND".equals(kind);
		String replyWamid = row.get("reply_to_wamid", String.class);
		UUID replyEntry = row.get("reply_entry_id", UUID.class);
		String reactionsJson = row.get("reactions", String.class);
		List<TimelineEntry.Reaction> reactions = (reactionsJson != null)
				? List
					.of(EventJson.read(reactionsJson.getBytes(StandardCharsets.UTF_8), TimelineEntry.Reaction[].class))
				: null;
		TimelineEntry.Outbound message = outbound && row.get("out_id", UUID.class) != null ? new TimelineEntry.Outbound(
				row.get("out_id", UUID.class).toString(), row.get("out_status", String.class),
				row.get("out_error_code", Integer.class), row.get("out_error_title", String.class)) : null;
		return new TimelineEntry(row.get("id", UUID.class).toString(), kind, row.get("at", Instant.class),
				outbound ? row.get("out_type", String.class) : row.get("message_type", String.class),
				outbound ? row.get("out_text", String.class) : row.get("text", String.class),
				outbound ? row.get("out_wamid", String.class) : row.get("wamid", String.class),
				map(row, outbound ? "out_content" : "content"), map(row, "context"), map(row, "referral"),
				json(row, "errors"), map(row, "other_fields"),
				(replyWamid != null)
						? new TimelineEntry.ReplyTo(replyWamid, (replyEntry != null) ? replyEntry.toString() : null)
						: null,
				reactions, message, row.get("actor", String.class), row.get("activity", String.class),
				map(row, "details"));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Readable row, String column) {
		Object value = json(row, column);
		return (value instanceof Map<?, ?> map) ? (Map<String, Object>) map : null;
	}

	private static Object json(Readable row, String column) {
		Json json = row.get(column, Json.class);
		return (json != null) ? EventJson.read(json.asArray(), Object.class) : null;
	}

	private static GenericExecuteSpec text(GenericExecuteSpec spec, String name, String value) {
		return (value != null) ? spec.bind(name, value) : spec.bindNull(name, String.class);
	}

	private static GenericExecuteSpec json(GenericExecuteSpec spec, String name, Object value) {
		return (value != null) ? spec.bind(name, Json.of(EventJson.write(value))) : spec.bindNull(name, Json.class);
	}

	/**
	 * An entry written, or found written before.
	 *
	 * @param id the entry's id
	 * @param created whether it was written now
	 */
	public record Appended(UUID id, boolean created) {
	}

	private record Row(long seq, TimelineEntry entry) {
	}

}
