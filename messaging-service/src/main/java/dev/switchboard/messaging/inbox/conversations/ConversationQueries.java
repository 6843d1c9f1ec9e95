package dev.switchboard.messaging.inbox.conversations;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;

/** The tenant's conversations: filtered keyset pages, latest activity first; counts. */
@Component
class ConversationQueries {

	private final DatabaseClient database;

	ConversationQueries(DatabaseClient database) {
		this.database = database;
	}

	Mono<ConversationView.Page> list(String tenantId, ConversationFilter filter) {
		StringBuilder sql = new StringBuilder(ConversationStore.SELECT).append(" WHERE c.tenant_id = :tenantId");
		if (!filter.statuses().isEmpty()) {
			sql.append(" AND c.status = ANY(:statuses)");
		}
		if (filter.unassigned()) {
			sql.append(" AND c.assignee_id IS NULL AND c.status IN ('OPEN', 'ASSIGNED')");
		}
		if (filter.assignee() != null) {
			sql.append(" AND c.assignee_id = :assignee");
		}
		if (filter.tag() != null) {
			// Any case: tags are stored in the catalogue's spelling.
			sql.append(" AND EXISTS (SELECT 1 FROM unnest(c.tags) AS t(name) WHERE lower(t.name) = lower(:tag))");
		}
		if (filter.queueId() != null) {
			sql.append(" AND c.queue_id = :queueId");
		}
		if (filter.priority() != null) {
			sql.append(" AND c.priority = :priority");
		}
		if (filter.unread() != null) {
			sql.append(filter.unread() ? " AND c.unread_count > 0" : " AND c.unread_count = 0");
		}
		if (filter.q() != null) {
			// Matches are collected first (trigram indexes) and then paged: a rare
			// fragment must not scan the tenant's whole list.
			sql.append("""
					 AND c.id IN (SELECT e.conversation_id FROM conversation_entries e
					WHERE e.tenant_id = :tenantId AND e.kind IN ('INBOUND', 'NOTE') AND e.text ILIKE :q
					UNION SELECT m.id FROM contacts mc JOIN conversations m ON m.contact_id = mc.id
					WHERE mc.tenant_id = :tenantId AND m.tenant_id = :tenantId
					AND (mc.profile_name ILIKE :q OR mc.phone LIKE :q))""");
		}
		if (!filter.slaStates().isEmpty()) {
			sql.append(" AND c.sla_state = ANY(:slaStates)");
		}
		if (filter.after() != null) {
			sql.append(" AND (c.last_activity_at, c.id) < (:afterAt, :afterId)");
		}
		sql.append(" ORDER BY c.last_activity_at DESC, c.id DESC LIMIT :limit");
		GenericExecuteSpec query = this.database.sql(sql.toString())
			.bind("tenantId", tenantId)
			.bind("limit", filter.limit() + 1);
		if (!filter.statuses().isEmpty()) {
			query = query.bind("statuses", filter.statuses().stream().map(Enum::name).toArray(String[]::new));
		}
		if (filter.assignee() != null) {
			query = query.bind("assignee", filter.assignee());
		}
		if (filter.tag() != null) {
			query = query.bind("tag", filter.tag());
		}
		if (filter.queueId() != null) {
			query = query.bind("queueId", filter.queueId());
		}
		if (filter.priority() != null) {
			query = query.bind("priority", (short) filter.priority().ordinal());
		}
		if (filter.q() != null) {
			query = query.bind("q", "%" + escapeLike(filter.q()) + "%");
		}
		if (!filter.slaStates().isEmpty()) {
			query = query.bind("slaStates", filter.slaStates().stream().map(Enum::name).toArray(String[]::new));
		}
		if (filter.after() != null) {
			query = query.bind("afterAt", filter.after().lastActivityAt()).bind("afterId", filter.after().id());
		}
		return query.map(ConversationStore::conversation).all().collectList().map((rows) -> {
			List<Conversation> page = rows.subList(0, Math.min(rows.size(), filter.limit()));
			Conversation last = page.isEmpty() ? null : page.get(page.size() - 1);
			String next = (rows.size() > filter.limit())
					? new ConversationFilter.Cursor(last.lastActivityAt(), last.id()).encode() : null;
			return new ConversationView.Page(page.stream().map(ConversationView::of).toList(), next);
		});
	}

	Mono<ConversationView.Counts> counts(String tenantId, String agentId) {
		return this.database.sql("""
				SELECT count(*) FILTER (WHERE status = 'OPEN') AS open,
				count(*) FILTER (WHERE status = 'ASSIGNED') AS assigned,
				count(*) FILTER (WHERE status = 'RESOLVED') AS resolved,
				count(*) FILTER (WHERE status = 'ARCHIVED') AS archived,
				count(*) FILTER (WHERE status IN ('OPEN', 'ASSIGNED') AND unread_count > 0) AS unread,
				count(*) FILTER (WHERE status = 'ASSIGNED' AND assignee_id = :agent) AS mine,
				count(*) AS all_conversations
				FROM conversations WHERE tenant_id = :tenantId""")
			.bind("tenantId", tenantId)
			.bind("agent", (agentId != null) ? agentId : "")
			.map((row) -> new ConversationView.Counts(row.get("open", Long.class), row.get("assigned", Long.class),
					row.get("resolved", Long.class), row.get("archived", Long.class), row.get("unread", Long.class),
					row.get("mine", Long.class), row.get("all_conversations", Long.class)))
			.one();
	}

	static String escapeLike(String value) {
		return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

}
