package dev.switchboard.messaging.inbox.stats;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.http.security.TestTokens;
import dev.switchboard.messaging.IntegrationSetup;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inbox statistics on a known data set in the real database: totals, per queue and
 * per agent, percentiles of first response and reply times, an agent seeing its own
 * figures only, another tenant's data never counted, bad periods refused with a code.
 */
class ConversationStatsIT extends IntegrationSetup {

	private static final String SCOPES = "conversations:read conversations:write";

	@Autowired
	private DatabaseClient db;

	@LocalServerPort
	private int serverPort;

	@Test
	@SuppressWarnings("unchecked")
	void figuresOfAKnownDataSetPerQueueAndAgentWithinTheTenant() {
		String tenant = "stats-" + System.nanoTime();
		String other = "stats-other-" + System.nanoTime();
		Instant base = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
		UUID queue = queue(tenant);
		UUID agent = agent(tenant, "AGENT");
		UUID supervisor = agent(tenant, "SUPERVISOR");
		// In the queue: first reply after 60 s, a second spell answered after 70 s,
		// resolved.
		UUID queued = conversation(tenant, queue, base);
		firstResponseDue(queued, base.plusSeconds(120));
		entry(tenant, queued, "INBOUND", base, null, null);
		entry(tenant, queued, "OUTBOUND", base.plusSeconds(60), agent, null);
		entry(tenant, queued, "INBOUND", base.plusSeconds(120), null, null);
		entry(tenant, queued, "INBOUND", base.plusSeconds(130), null, null);
		entry(tenant, queued, "NOTE", base.plusSeconds(150), agent, null);
		entry(tenant, queued, "OUTBOUND", base.plusSeconds(190), agent, null);
		entry(tenant, queued, "ACTIVITY", base.plusSeconds(200), agent, "RESOLVED");
		// In no queue: first reply after 300 s, by the supervisor.
		UUID backlog = conversation(tenant, null, base.plusSeconds(10));
		firstResponseDue(backlog, base.plusSeconds(130));
		entry(tenant, backlog, "INBOUND", base.plusSeconds(10), null, null);
		entry(tenant, backlog, "OUTBOUND", base.plusSeconds(310), supervisor, null);
		// Another tenant's, in the same period: never counted.
		UUID foreign = conversation(other, null, base);
		entry(other, foreign, "INBOUND", base, null, null);
		entry(other, foreign, "OUTBOUND", base.plusSeconds(5), UUID.randomUUID(), null);
		entry(other, foreign, "ACTIVITY", base.plusSeconds(6), null, "RESOLVED");
		String period = "from=" + base.minusSeconds(60) + "&to=" + base.plusSeconds(3600);

		Map<String, Object> all = get(integration(tenant), "/api/v1/conversations/stats?" + period);
		Map<String, Object> totals = (Map<String, Object>) all.get("totals");
		assertThat(totals).containsEntry("opened", 2)
			.containsEntry("resolved", 1)
			.containsEntry("messagesIn", 4)
			.containsEntry("messagesOut", 3)
			// One first reply in time (60 s of 120), one late (300 s of 120).
			.containsEntry("slaHitRate", 0.5);
		assertThat(totals.get("firstResponse"))
			.isEqualTo(Map.of("samples", 2, "p50Seconds", 180.0, "p90Seconds", 276.0));
		assertThat(totals.get("replyTime")).isEqualTo(Map.of("samples", 3, "p50Seconds", 70.0, "p90Seconds", 254.0));
		List<Map<String, Object>> queues = (List<Map<String, Object>>) all.get("queues");
		assertThat(queues).extracting((q) -> q.get("queueId")).containsExactly(null, queue.toString());
		Map<String, Object> inQueue = (Map<String, Object>) queues.get(1).get("figures");
		assertThat(inQueue).containsEntry("opened", 1).containsEntry("messagesIn", 3).containsEntry("messagesOut", 2);
		assertThat(inQueue.get("replyTime")).isEqualTo(Map.of("samples", 2, "p50Seconds", 65.0, "p90Seconds", 69.0));
		List<Map<String, Object>> agents = (List<Map<String, Object>>) all.get("agents");
		assertThat(agents).extracting((a) -> a.get("agentId"))
			.containsExactlyInAnyOrder(agent.toString(), supervisor.toString());

		// Limited to the queue.
		Map<String, Object> queueOnly = get(integration(tenant),
				"/api/v1/conversations/stats?" + period + "&queueId=" + queue);
		assertThat((Map<String, Object>) queueOnly.get("totals")).containsEntry("opened", 1)
			.containsEntry("messagesOut", 2)
			.containsEntry("resolved", 1);

		// An agent sees its own figures only.
		Map<String, Object> own = get(agentToken(tenant, agent, "AGENT"), "/api/v1/conversations/stats?" + period);
		assertThat(own.get("totals")).isNull();
		assertThat((List<?>) own.get("queues")).isEmpty();
		List<Map<String, Object>> ownAgents = (List<Map<String, Object>>) own.get("agents");
		assertThat(ownAgents).hasSize(1);
		assertThat(ownAgents.get(0).get("agentId")).isEqualTo(agent.toString());
		Map<String, Object> ownFigures = (Map<String, Object>) ownAgents.get(0).get("figures");
		assertThat(ownFigures).containsEntry("messagesOut", 2)
			.containsEntry("resolved", 1)
			.containsEntry("slaHitRate", 1.0);
		assertThat(ownFigures.get("firstResponse"))
			.isEqualTo(Map.of("samples", 1, "p50Seconds", 60.0, "p90Seconds", 60.0));

		// The other tenant sees its own only.
		Map<String, Object> theirs = (Map<String, Object>) get(integration(other),
				"/api/v1/conversations/stats?" + period)
			.get("totals");
		assertThat(theirs).containsEntry("opened", 1).containsEntry("messagesIn", 1).containsEntry("messagesOut", 1);
	}

	@Test
	void badPeriodsAreRefusedWithACodeNamingTheField() {
		String token = integration("stats-bad");
		problem(token, "/api/v1/conversations/stats?from=last-week", "INVALID_FROM");
		problem(token, "/api/v1/conversations/stats?to=1", "INVALID_TO");
		problem(token, "/api/v1/conversations/stats?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", "INVALID_FROM");
		problem(token, "/api/v1/conversations/stats?from=2026-01-01T00:00:00Z&to=2026-06-01T00:00:00Z", "INVALID_FROM");
		problem(token, "/api/v1/conversations/stats?queueId=sales", "INVALID_QUEUE_ID");
		problem(token, "/api/v1/conversations/stats?form=2026-01-01T00:00:00Z", "UNKNOWN_PARAMETER");
	}

	private WebTestClient api() {
		return WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.serverPort)
			.responseTimeout(Duration.ofSeconds(10))
			.build();
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> get(String token, String path) {
		return api().get()
			.uri(path)
			.headers((headers) -> headers.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	private void problem(String token, String path, String code) {
		api().get()
			.uri(path)
			.headers((headers) -> headers.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType("application/problem+json")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo(code);
	}

	private static String integration(String tenant) {
		return TestTokens.bearer("messaging-service", tenant, SCOPES).substring("Bearer ".length());
	}

	private static String agentToken(String tenant, UUID agent, String role) {
		return TestTokens.jws(TestTokens.localKey(), "messaging-service",
				(claims) -> claims.subject(tenant + "-agent-key")
					.claim("tenant_id", tenant)
					.claim("key_id", tenant + "-agent-key")
					.claim("scope", SCOPES)
					.claim("agent_id", agent.toString())
					.claim("role", role));
	}

	private UUID queue(String tenant) {
		UUID id = UUID.randomUUID();
		this.db
			.sql("INSERT INTO queues (tenant_id, id, name, mode, created_at, updated_at) "
					+ "VALUES (:t, :id, :name, 'MANUAL', now(), now())")
			.bind("t", tenant)
			.bind("id", id)
			.bind("name", "q-" + id)
			.then()
			.block(Duration.ofSeconds(10));
		return id;
	}

	private UUID agent(String tenant, String role) {
		UUID id = UUID.randomUUID();
		this.db
			.sql("INSERT INTO agents (tenant_id, id, name, role, created_at, updated_at) "
					+ "VALUES (:t, :id, 'agent', :role, now(), now())")
			.bind("t", tenant)
			.bind("id", id)
			.bind("role", role)
			.then()
			.block(Duration.ofSeconds(10));
		return id;
	}

	private void firstResponseDue(UUID conversation, Instant due) {
		this.db.sql("UPDATE conversations SET first_response_due_at = :due WHERE id = :id")
			.bind("due", due)
			.bind("id", conversation)
			.then()
			.block();
	}

	private UUID conversation(String tenant, UUID queue, Instant createdAt) {
		UUID contact = UUID.randomUUID();
		UUID id = UUID.randomUUID();
		DatabaseClient.GenericExecuteSpec insert = this.db
			.sql("INSERT INTO conversations (id, tenant_id, channel_id, phone_number_id, contact_id, status, "
					+ "queue_id, last_activity_at, created_at, updated_at) VALUES (:id, :t, null, "
					+ "'100000000000001', :contact, 'OPEN', :queue, :at, :at, :at)")
			.bind("id", id)
			.bind("t", tenant)
			.bind("contact", contact)
			.bind("at", createdAt);
		insert = (queue != null) ? insert.bind("queue", queue) : insert.bindNull("queue", UUID.class);
		this.db
			.sql("INSERT INTO contacts (id, tenant_id, phone, created_at, updated_at) "
					+ "VALUES (:id, :t, :phone, now(), now())")
			.bind("id", contact)
			.bind("t", tenant)
			.bind("phone", "+9725007" + String.format("%05d", Math.abs(id.hashCode() % 100000)))
			.then()
			.then(insert.then())
			.block(Duration.ofSeconds(10));
		return id;
	}

	/** A timeline entry; entries of a conversation are written in the order given. */
	private void entry(String tenant, UUID conversation, String kind, Instant at, UUID actor, String activity) {
		DatabaseClient.GenericExecuteSpec insert = this.db
			.sql("INSERT INTO conversation_entries (id, tenant_id, conversation_id, kind, at, actor, activity) "
					+ "VALUES (:id, :t, :c, :kind, :at, :actor, :activity)")
			.bind("id", UUID.randomUUID())
			.bind("t", tenant)
			.bind("c", conversation)
			.bind("kind", kind)
			.bind("at", at);
		insert = (actor != null) ? insert.bind("actor", actor.toString()) : insert.bindNull("actor", String.class);
		insert = (activity != null) ? insert.bind("activity", activity) : insert.bindNull("activity", String.class);
		insert.then().block(Duration.ofSeconds(10));
	}

}
