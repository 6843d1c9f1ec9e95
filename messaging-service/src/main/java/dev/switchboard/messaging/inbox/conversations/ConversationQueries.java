package dev.switchboard.messaging.inbox.conversations;

import java.util.List;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;

/** The tenant's conversations: filtered keyset pages, latest activity first; counts. */
@Component
class ConversationQueries {

	private final DatabaseClient database;

	private final AsyncLoadingCache<String, TenantCounts> tenantCounts;

	ConversationQueries(DatabaseClient database, CountsProperties counts) {
		this.database = database;
		this.tenantCounts = Caffeine.newBuilder()
			.expireAfterWrite(counts.tenantFiguresFor())
			.maximumSize(10_000)
			.buildAsync((tenantId, executor) -> tenantCounts(tenantId).toFuture());
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

	/**
	 * The tenant's figures (counting every conversation, some tens of milliseconds at
	 * 100,000: reused for a few seconds) and the calling agent's own (an index range,
	 * always current).
	 */
	Mono<ConversationView.Counts> counts(String tenantId, String agentId) {
		return Mono.zip(Mono.fromFuture(() -> this.tenantCounts.get(tenantId), true), agentCounts(tenantId, agentId))
			.map((figures) -> {
				TenantCounts tenant = figures.getT1();
				AgentCounts agent = figures.getT2();
				return new ConversationView.Counts(tenant.open(), tenant.assigned(), tenant.resolved(),
						tenant.archived(), tenant.unread(), agent.mine(), tenant.all(), agent.mineUnread(),
						agent.unreadMessages());
			});
	}

	private Mono<TenantCounts> tenantCounts(String tenantId) {
		return this.database.sql("""
				SELECT count(*) FILTER (WHERE status = 'OPEN') AS open,
				count(*) FILTER (WHERE status = 'ASSIGNED') AS assigned,
				count(*) FILTER (WHERE status = 'RESOLVED') AS resolved,
				count(*) FILTER (WHERE status = 'ARCHIVED') AS archived,
				count(*) FILTER (WHERE status IN ('OPEN', 'ASSIGNED') AND unread_count > 0) AS unread,
				count(*) AS all_conversations
				FROM conversations WHERE tenant_id = :tenantId""")
			.bind("tenantId", tenantId)
			.map((row) -> new TenantCounts(row.get("open", Long.class), row.get("assigned", Long.class),
					row.get("resolved", Long.class), row.get("archived", Long.class), row.get("unread", Long.class),
					row.get("all_conversations", Long.class)))
			.one();
	}

	private Mono<AgentCounts> agentCounts(String tenantId, String agentId) {
		if (agentId == null) {
			return Mono.just(new AgentCounts(0, 0, 0));
		}
		return this.database.sql("""
				SELECT count(*) AS mine, count(*) FILTER (WHERE unread_count > 0) AS mine_unread,
				coalesce(sum(unread_count), 0) AS unread_messages
				FROM conversations WHERE tenant_id = :tenantId AND assignee_id = :agent AND status = 'ASSIGNED'""")
			.bind("tenantId", tenantId)
			.bind("agent", agentId)
			.map((row) -> new AgentCounts(row.get("mine", Long.class), row.get("mine_unread", Long.class),
					((Number) row.get("unread_messages")).longValue()))
			.one();
	}

	private record TenantCounts(long open, long assigned, long resolved, long archived, long unread, long all) {
	}

	private record AgentCounts(long mine, long mineUnread, long unreadMessages) {
	}

	static String escapeLike(String value) {
		return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

}
