package dev.switchboard.messaging.inbox.conversations;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.switchboard.messaging.IntegrationSetup;
import dev.switchboard.messaging.inbox.sla.SlaPolicies;
import dev.switchboard.messaging.inbox.sla.SlaProperties;
import dev.switchboard.messaging.inbox.timeline.Timeline;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The SLA monitor over the database alone: a due time that passed while no monitor ran is
 * handled when one starts again; two monitors sweeping one database at once handle each
 * conversation once, and count each breach once; an idle conversation is resolved.
 */
class SlaMonitorIT extends IntegrationSetup {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@Autowired
	private SlaMonitor monitor;

	@Autowired
	private DatabaseClient db;

	@Autowired
	private ConversationStore store;

	@Autowired
	private Timeline timeline;

	@Autowired
	private ConversationEvents events;

	@Autowired
	private SlaPolicies policies;

	@Autowired
	private TransactionalOperator transactions;

	@Autowired
	private SlaProperties properties;

	@Test
	void aBreachThatFellDueWhileNoMonitorRanIsHandledWhenOneStartsAgain() {
		String tenant = "sla-restart-" + System.nanoTime();
		this.monitor.stop();
		UUID id;
		Instant due = Instant.now().plusSeconds(1);
		try {
			id = dueConversation(tenant, due, "NONE");
			// The due time passes while no monitor runs.
			await().atMost(PATIENCE).until(() -> Instant.now().isAfter(due.plusMillis(500)));
			assertThat(column(id, "sla_state")).isEqualTo("AT_RISK");
		}
		finally {
			this.monitor.start();
		}
		await().atMost(PATIENCE).until(() -> "BREACHED".equals(column(id, "sla_state")));
		assertThat(column(id, "priority")).isEqualTo("1");
		assertThat(activities(tenant, "SLA_BREACHED")).isEqualTo(1);
		// Breached: only the idle deadline is left to look at.
		assertThat(column(id, "sla_check_at")).isEqualTo(column(id, "idle_due_at"));
	}

	@Test
	void twoMonitorsOnOneDatabaseHandleEachConversationOnce() {
		String tenant = "sla-twice-" + System.nanoTime();
		List<UUID> due = new ArrayList<>();
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		ObjectProvider<MeterRegistry> meters = new StaticListableBeanFactory(Map.of("meters", registry))
			.getBeanProvider(MeterRegistry.class);
		this.monitor.stop();
		try {
			for (int i = 0; i < 30; i++) {
				due.add(dueConversation(tenant, Instant.now().minusSeconds(60), (i % 2 == 0) ? "NONE" : "HIGH"));
			}
			SlaMonitor other = new SlaMonitor(this.db, this.store, this.timeline, this.events, this.policies,
					this.transactions, smallBatches(), meters);
			SlaMonitor one = new SlaMonitor(this.db, this.store, this.timeline, this.events, this.policies,
					this.transactions, smallBatches(), meters);
			Long handled = Flux.just(one, other, one, other)
				.flatMap((m) -> m.sweep().subscribeOn(Schedulers.parallel()))
				.reduce(0L, Long::sum)
				.block(PATIENCE);
			assertThat(handled).isEqualTo(30);
			assertThat(registry.get(SlaMetrics.TRANSITIONS)
				.tags("state", "breached", "target", "first_response")
				.counter()
				.count()).isEqualTo(30);
			assertThat(registry.get(SlaMetrics.TRANSITIONS).tags("state", "at_risk").counters())
				.as("registered, never counted here")
				.hasSize(2)
				.allSatisfy((counter) -> assertThat(counter.count()).isZero());
		}
		finally {
			this.monitor.start();
		}
		assertThat(activities(tenant, "SLA_BREACHED")).isEqualTo(30);
		assertThat(due).allSatisfy((id) -> assertThat(column(id, "sla_state")).isEqualTo("BREACHED"));
		// One step up each, never two: NONE → LOW, HIGH → URGENT.
		assertThat(due.stream().map((id) -> column(id, "priority")).distinct()).containsExactlyInAnyOrder("1", "4");
		assertThat(count("SELECT count(*) FROM outbox WHERE tenant_id = '" + tenant
				+ "' AND payload::text LIKE '%SLA_BREACHED%'"))
			.isEqualTo(30);
	}

	@Test
	void anIdleConversationIsResolved() {
		String tenant = "sla-idle-" + System.nanoTime();
		UUID idle = dueConversation(tenant, Instant.now().plus(Duration.ofHours(1)), "NONE");
		UUID active = dueConversation(tenant, Instant.now().plus(Duration.ofHours(1)), "NONE");
		this.db.sql("UPDATE conversations SET idle_due_at = :at, sla_check_at = :at WHERE id = :id")
			.bind("at", Instant.now().minusSeconds(1))
			.bind("id", idle)
			.then()
			.block(PATIENCE);
		await().atMost(PATIENCE).until(() -> "RESOLVED".equals(column(idle, "status")));
		assertThat(column(idle, "resolved_at")).isNotNull();
		assertThat(column(idle, "sla_check_at")).isNull();
		assertThat(count("SELECT count(*) FROM conversation_entries WHERE conversation_id = '" + idle
				+ "' AND activity = 'RESOLVED' AND actor = 'sla'"))
			.isEqualTo(1);
		assertThat(column(active, "status")).isEqualTo("OPEN");
	}

	private SlaProperties smallBatches() {
		SlaProperties p = this.properties;
		return new SlaProperties(true, p.firstResponse(), p.nextResponse(), p.idle(), p.atRiskShare(), p.interval(), 4);
	}

	/**
	 * An OPEN conversation whose first response falls due at the given time (at risk
	 * already passed when due is), idle a day later.
	 */
	private UUID dueConversation(String tenant, Instant due, String priority) {
		UUID contact = UUID.randomUUID();
		UUID id = UUID.randomUUID();
		Instant atRisk = due.minusSeconds(1);
		this.db
			.sql("INSERT INTO contacts (id, tenant_id, phone, created_at, updated_at) "
					+ "VALUES (:id, :t, :phone, now(), now())")
			.bind("id", contact)
			.bind("t", tenant)
			.bind("phone", "+9725009" + String.format("%05d", Math.abs(id.hashCode() % 100000)))
			.then()
			.then(this.db
				.sql("""
						INSERT INTO conversations (id, tenant_id, channel_id, phone_number_id, contact_id, status, priority,
						waiting_since, last_activity_at, created_at, updated_at, sla_state, sla_target, first_response_due_at,
						sla_at_risk_at, idle_due_at, sla_check_at)
						VALUES (:id, :t, null, '100000000000001', :contact, 'OPEN', :priority, now(), now(), now(), now(),
						'AT_RISK', 'FIRST_RESPONSE', :due, :atRisk, :idle, :due)""")
				.bind("id", id)
				.bind("t", tenant)
				.bind("contact", contact)
				.bind("priority", (short) Priority.valueOf(priority).ordinal())
				.bind("due", due)
				.bind("atRisk", atRisk)
				.bind("idle", due.plus(Duration.ofDays(1)))
				.then())
			.block(PATIENCE);
		return id;
	}

	private String column(UUID id, String column) {
		return this.db.sql("SELECT " + column + "::text AS value FROM conversations WHERE id = :id")
			.bind("id", id)
			.map((row) -> Optional.ofNullable(row.get("value", String.class)))
			.one()
			.block(PATIENCE)
			.orElse(null);
	}

	private long activities(String tenant, String activity) {
		return count("SELECT count(*) FROM conversation_entries e JOIN conversations c ON c.id = e.conversation_id "
				+ "WHERE c.tenant_id = '" + tenant + "' AND e.activity = '" + activity + "' AND e.actor = 'sla'");
	}

	private long count(String sql) {
		return this.db.sql(sql).map((row) -> ((Number) row.get(0)).longValue()).one().block(PATIENCE);
	}

}
