package dev.switchboard.messaging.inbox.timeline;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.switchboard.events.EventJson;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * {@link Timeline#knows} and {@link Timeline#appendInbound} for a batch of customer
 * messages, one statement each whatever the batch's size (array parameters, so that the
 * statement's text and plan stay the same).
 */
@Component
public class InboundEntries {

	private final DatabaseClient database;

	InboundEntries(DatabaseClient database) {
		this.database = database;
	}

	/**
	 * The tenants' wamids among these that a timeline holds already.
	 * @return keys as {@link #key}
	 */
	public Mono<Set<String>> known(List<InboundEntry> entries) {
		if (entries.isEmpty()) {
			return Mono.just(Set.of());
		}
		// The plain wamid condition lets the planner use the unique wamid index.
		return this.database.sql("""
				SELECT tenant_id, wamid FROM conversation_entries
				WHERE wamid = ANY(:wamids::text[]) AND (tenant_id, wamid) IN
				(SELECT * FROM unnest(:tenantIds::text[], :wamids::text[]))""")
			.bind("wamids", entries.stream().map(InboundEntry::wamid).toArray(String[]::new))
			.bind("tenantIds", entries.stream().map(InboundEntry::tenantId).toArray(String[]::new))
			.map((row) -> key(row.get("tenant_id", String.class), row.get("wamid", String.class)))
			.all()
			.collect(Collectors.toUnmodifiableSet());
	}

	/** The key {@link #known} answers for a tenant's wamid. */
	public static String key(String tenantId, String wamid) {
		return tenantId + "\n" + wamid;
	}

	/**
	 * Adds customer messages whose wamids no timeline holds (see {@link #known}), each in
	 * the conversation it names.
	 * @param ids the entries' ids, in the same order
	 */
	public Mono<Void> append(List<InboundEntry> entries, List<UUID> ids) {
		if (entries.isEmpty()) {
			return Mono.empty();
		}
		int size = entries.size();
		String[] tenantIds = new String[size];
		UUID[] conversationIds = new UUID[size];
		Instant[] at = new Instant[size];
		String[] wamids = new String[size];
		String[] types = new String[size];
		String[] texts = new String[size];
		String[] replyTo = new String[size];
		String[] contents = new String[size];
		String[] contexts = new String[size];
		String[] referrals = new String[size];
		String[] errors = new String[size];
		String[] otherFields = new String[size];
		for (int i = 0; i < size; i++) {
			InboundEntry entry = entries.get(i);
			tenantIds[i] = entry.tenantId();
			conversationIds[i] = entry.conversationId();
			at[i] = entry.at();
			wamids[i] = entry.wamid();
			types[i] = entry.type();
			texts[i] = entry.text();
			replyTo[i] = entry.replyToWamid();
			contents[i] = json(entry.content());
			contexts[i] = json(entry.context());
			referrals[i] = json(entry.referral());
			errors[i] = json(entry.errors());
			otherFields[i] = json(entry.otherFields());
		}
		return this.database.sql("""
				INSERT INTO conversation_entries (id, tenant_id, conversation_id, kind, at, wamid, message_type, text,
				content, context, referral, errors, other_fields, reply_to_wamid)
				SELECT e.id, e.tenant_id, e.conversation_id, 'INBOUND', e.at, e.wamid, e.type, e.text, e.content::jsonb,
				e.context::jsonb, e.referral::jsonb, e.errors::jsonb, e.other_fields::jsonb, e.reply_to
				FROM unnest(:ids::uuid[], :tenantIds::text[], :conversationIds::uuid[], :at::timestamptz[],
				:wamids::text[], :types::text[], :texts::text[], :contents::text[], :contexts::text[],
				:referrals::text[], :errors::text[], :otherFields::text[], :replyTo::text[])
				AS e(id, tenant_id, conversation_id, at, wamid, type, text, content, context, referral, errors,
				other_fields, reply_to)""")
			.bind("ids", ids.toArray(new UUID[0]))
			.bind("tenantIds", tenantIds)
			.bind("conversationIds", conversationIds)
			.bind("at", at)
			.bind("wamids", wamids)
			.bind("types", types)
			.bind("texts", texts)
			.bind("contents", contents)
			.bind("contexts", contexts)
			.bind("referrals", referrals)
			.bind("errors", errors)
			.bind("otherFields", otherFields)
			.bind("replyTo", replyTo)
			.then();
	}

	private static String json(Object value) {
		return (value != null) ? new String(EventJson.write(value), StandardCharsets.UTF_8) : null;
	}

}
