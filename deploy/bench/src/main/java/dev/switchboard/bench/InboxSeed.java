package dev.switchboard.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The inbox {@link InboxQueryBench} queries, written straight into messaging-service's
 * tables once it has migrated them, set-based ({@code generate_series}): agents, queues
 * with members, one contact per conversation, conversations spread over statuses, queues,
 * assignees, priorities, tags and unread counts, and a short timeline each. Deterministic
 * ids ({@code md5} of a name and number) tie the rows together. Conversation {@code g}:
 * status OPEN, ASSIGNED, RESOLVED for {@code g % 10} below 3, below 6, else; agent
 * {@code (g / 10) % agents} owns it unless OPEN (so agent 0, the bench key's, owns about
 * 0.3 % of them as ASSIGNED); queue {@code (g / 7) % queues}, none for every tenth; last
 * activity spread over the last six days (the archiver takes resolved ones after seven).
 * Queues are MANUAL, so that auto-assignment leaves the data as seeded.
 */
final class InboxSeed {

	/** The agent the bench's agent key is bound to (agent 0). */
	static final String AGENT_ZERO = "md5('bench-agent-0')::uuid::text";

	private static final String TENANT = "demo";

	private InboxSeed() {
	}

	/** Seeds the inbox of tenant demo; entries per conversation at least 1. */
	static void seed(Connection db, int conversations, int agents, int queues, int entriesPerConversation)
			throws SQLException {
		db.setAutoCommit(false);
		update(db, """
				INSERT INTO messaging.agents (tenant_id, id, name, email, role, capacity, availability, active,
				    created_at, updated_at)
				SELECT ?, md5('bench-agent-' || a)::uuid, 'Agent ' || a, 'agent' || a || '@bench.example',
				    CASE WHEN a = 0 THEN 'AGENT' WHEN a % 100 = 1 THEN 'ADMIN' WHEN a % 20 = 2 THEN 'SUPERVISOR'
				    ELSE 'AGENT' END, 6 + a % 10, CASE WHEN a % 3 = 0 THEN 'ONLINE' ELSE 'AWAY' END, true, now(), now()
				FROM generate_series(0, ? - 1) a""", TENANT, agents);
		update(db, """
				INSERT INTO messaging.queues (tenant_id, id, name, mode, active, created_at, updated_at)
				SELECT ?, md5('bench-queue-' || q)::uuid, 'Queue ' || q, 'MANUAL', true, now(), now()
				FROM generate_series(0, ? - 1) q""", TENANT, queues);
		update(db, """
				INSERT INTO messaging.queue_members (tenant_id, queue_id, agent_id)
				SELECT DISTINCT ?, md5('bench-queue-' || q)::uuid, md5('bench-agent-' || a)::uuid
				FROM generate_series(0, ? - 1) a, LATERAL (VALUES (a % ?), ((a + 7) % ?)) member(q)""", TENANT, agents,
				queues, queues);
		update(db, """
				INSERT INTO messaging.contacts (id, tenant_id, phone, profile_name, created_at, updated_at)
				SELECT md5('bench-contact-' || g)::uuid, ?, '+97258' || lpad(g::text, 7, '0'), 'Customer ' || g,
				    now() - interval '30 days', now() - interval '30 days'
				FROM generate_series(0, ? - 1) g""", TENANT, conversations);
		update(db, """
				INSERT INTO messaging.contact_identities (tenant_id, kind, value, contact_id, created_at)
				SELECT ?, 'WA_ID', '97258' || lpad(g::text, 7, '0'), md5('bench-contact-' || g)::uuid,
				    now() - interval '30 days'
				FROM generate_series(0, ? - 1) g""", TENANT, conversations);
		update(db, """
				INSERT INTO messaging.conversations (id, tenant_id, channel_id, phone_number_id, contact_id, status,
				    assignee_id, queue_id, priority, tags, unread_count, last_inbound_at, waiting_since,
				    last_activity_at, last_text, resolved_at, created_at, updated_at)
				SELECT md5('bench-conversation-' || g)::uuid, ?, 'demo-meta', '100000000000001',
				    md5('bench-contact-' || g)::uuid, s.status,
				    CASE WHEN s.status = 'OPEN' THEN NULL ELSE md5('bench-agent-' || ((g / 10) % ?))::uuid::text END,
				    CASE WHEN g % 10 = 9 THEN NULL ELSE md5('bench-queue-' || ((g / 7) % ?))::uuid END,
				    (g % 5)::smallint,
				    CASE g % 6 WHEN 0 THEN '{}'::text[] WHEN 1 THEN ARRAY['vip'] WHEN 2 THEN ARRAY['billing']
				    WHEN 3 THEN ARRAY['billing', 'vip'] WHEN 4 THEN ARRAY['shipping'] ELSE ARRAY['returns'] END,
				    CASE WHEN s.status = 'RESOLVED' THEN 0 ELSE g % 4 END,
				    t.at, CASE WHEN s.status = 'RESOLVED' THEN NULL ELSE t.at END, t.at,
				    'Hello, a question about order ' || g, CASE WHEN s.status = 'RESOLVED' THEN t.at END,
				    t.at - interval '1 hour', t.at
				FROM generate_series(0, ? - 1) g,
				    LATERAL (SELECT CASE WHEN g % 10 < 3 THEN 'OPEN' WHEN g % 10 < 6 THEN 'ASSIGNED'
				        ELSE 'RESOLVED' END AS status) s,
				    LATERAL (SELECT now() - make_interval(secs => (g::bigint * 7919) % 518400) AS at) t""", TENANT,
				agents, queues, conversations);
		update(db, """
				INSERT INTO messaging.conversation_entries (id, tenant_id, conversation_id, kind, at, wamid,
				    message_type, text, content)
				SELECT gen_random_uuid(), c.tenant_id, c.id, 'INBOUND', c.last_activity_at - make_interval(mins => n),
				    'wamid.seed.' || c.id || '.' || n, 'text', t.text, jsonb_build_object('body', t.text)
				FROM messaging.conversations c, generate_series(? - 1, 0, -1) n,
				    LATERAL (SELECT CASE WHEN n = 0 THEN c.last_text ELSE 'Earlier message ' || n END AS text) t
				WHERE c.tenant_id = ?""", entriesPerConversation, TENANT);
		db.commit();
		db.setAutoCommit(true);
		try (Statement analyze = db.createStatement()) {
			// VACUUM as well: the visibility map of the fresh rows is then set, and
			// autovacuum does not start on them during the measurement.
			analyze.execute(
					"VACUUM ANALYZE messaging.agents, messaging.queues, messaging.queue_members, messaging.contacts, "
							+ "messaging.contact_identities, messaging.conversations, messaging.conversation_entries");
		}
	}

	/**
	 * An API key bound to agent 0 with role AGENT
	 * ({@code sb_benchagent.localbenchsecret}, conversations:read), as the gateway stores
	 * one a tenant issued (local stack only).
	 */
	static void agentKey(Connection db) throws SQLException {
		try (Statement insert = db.createStatement()) {
			insert.executeUpdate("INSERT INTO gateway.api_keys (id, tenant_id, prefix, secret_hash, name, scopes, "
					+ "agent_id, agent_role) VALUES (gen_random_uuid(), 'demo', 'benchagent', "
					+ "sha256(convert_to('localbenchsecret', 'UTF8')), 'Bench agent', ARRAY['conversations:read'], "
					+ AGENT_ZERO + ", 'AGENT')");
		}
	}

	private static void update(Connection db, String sql, Object... parameters) throws SQLException {
		try (PreparedStatement statement = db.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				statement.setObject(i + 1, parameters[i]);
			}
			statement.executeUpdate();
		}
	}

}
