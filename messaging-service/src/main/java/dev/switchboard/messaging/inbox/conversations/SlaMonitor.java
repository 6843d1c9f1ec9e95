package dev.switchboard.messaging.inbox.conversations;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import dev.switchboard.events.kafka.PeriodicSweep;
import dev.switchboard.messaging.inbox.sla.SlaClock;
import dev.switchboard.messaging.inbox.sla.SlaPolicies;
import dev.switchboard.messaging.inbox.sla.SlaProperties;
import dev.switchboard.messaging.inbox.sla.SlaState;
import dev.switchboard.messaging.inbox.sla.SlaTarget;
import dev.switchboard.messaging.inbox.timeline.Timeline;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Watches the SLA clocks: conversations whose next look ({@code sla_check_at}: at-risk
 * time, due time or idle deadline) has come are taken in batches, each batch one short
 * transaction with its rows locked {@code FOR UPDATE SKIP LOCKED}, so every instance runs
 * it and each change is made once. AT_RISK and BREACHED are saved and announced (stamped
 * with the time they happened, not when they were seen); a breach raises the priority one
 * step and moves the conversation to the policy's escalation queue, unassigned; an idle
 * conversation is resolved. Everything it needs is in the rows, so a restart loses
 * nothing: a due time that passed while no instance ran is handled on the first sweep.
 * Each committed AT_RISK and BREACHED is counted ({@link SlaMetrics}).
 */
@Component
class SlaMonitor implements SmartLifecycle {

	/** The actor of the monitor's changes in the audit trail and events. */
	static final String ACTOR = "sla";

	private static final Logger log = LoggerFactory.getLogger(SlaMonitor.class);

	private final DatabaseClient database;

	private final ConversationStore store;

	private final Timeline timeline;

	private final ConversationEvents events;

	private final SlaPolicies policies;

	private final TransactionalOperator transactions;

	private final SlaProperties properties;

	private final PeriodicSweep sweeps;

	private final SlaMetrics metrics;

	SlaMonitor(DatabaseClient database, ConversationStore store, Timeline timeline, ConversationEvents events,
			SlaPolicies policies, TransactionalOperator transactions, SlaProperties properties,
			ObjectProvider<MeterRegistry> meters) {
		this.database = database;
		this.store = store;
		this.timeline = timeline;
		this.events = events;
		this.policies = policies;
		this.transactions = transactions;
		this.properties = properties;
		this.metrics = new SlaMetrics(meters.getIfAvailable(SimpleMeterRegistry::new));
		this.sweeps = new PeriodicSweep(log, "SLA monitor", properties.interval(), this::sweep);
	}

	@Override
	public void start() {
		if (!this.properties.enabled()) {
			return;
		}
		this.sweeps.start();
	}

	@Override
	public void stop() {
		this.sweeps.stop();
	}

	/** Lets the round in flight finish, beside the service's other workers. */
	@Override
	public void stop(Runnable callback) {
		this.sweeps.stop(callback);
	}

	@Override
	public boolean isRunning() {
		return this.sweeps.isRunning();
	}

	/**
	 * Handles every conversation due now, batch after batch.
	 * @return how many were handled
	 */
	Mono<Long> sweep() {
		Instant now = Instant.now();
		return batch(now).expand((handled) -> (handled < this.properties.batchSize()) ? Mono.empty() : batch(now))
			.reduce(0L, Long::sum);
	}

	private Mono<Long> batch(Instant now) {
		Mono<List<Change>> batch = this.database.sql("""
				SELECT id, tenant_id FROM conversations
				WHERE sla_check_at <= :now AND status IN ('OPEN', 'ASSIGNED')
				ORDER BY sla_check_at LIMIT :batch FOR UPDATE SKIP LOCKED""")
			.bind("now", now)
			.bind("batch", this.properties.batchSize())
			.map((row) -> new Due(row.get("tenant_id", String.class), row.get("id", UUID.class)))
			.all()
			.concatMap((due) -> this.store.find(due.tenantId(), due.id()).flatMap((c) -> handle(c, now)))
			.collectList();
		// Counted once committed: a rolled back batch is handled again by the next sweep.
		return this.transactions.transactional(batch).map((changes) -> {
			changes.forEach((change) -> this.metrics.changed(change.state(), change.target()));
			return (long) changes.size();
		});
	}

	private Mono<Change> handle(Conversation conversation, Instant now) {
		SlaClock clock = conversation.sla();
		if (clock.idleAt(now)) {
			return record(conversation, conversation.resolve(now), "RESOLVED", Map.of("reason", "idle"), now, now)
				.thenReturn(Change.NONE);
		}
		SlaClock reviewed = clock.at(now);
		if (reviewed.state() == clock.state()) {
			// Nothing passed (a clock changed under the sweep's feet): only the next look
			// moves.
			return this.store.save(conversation.withSla(reviewed)).thenReturn(Change.NONE);
		}
		Change change = new Change(reviewed.state(), reviewed.running());
		if (reviewed.state() == SlaState.AT_RISK) {
			return record(conversation, conversation.withSla(reviewed), "SLA_AT_RISK", null, now, reviewed.atRiskAt())
				.thenReturn(change);
		}
		return breached(conversation, reviewed, now).thenReturn(change);
	}

	/** Priority one step up; into the escalation queue, unassigned, when there is one. */
	private Mono<Conversation> breached(Conversation conversation, SlaClock reviewed, Instant now) {
		Priority raised = Priority.values()[Math.min(conversation.priority().ordinal() + 1,
				Priority.values().length - 1)];
		Conversation changed = conversation.withSla(reviewed).classify(raised, null);
		return this.policies.of(conversation.tenantId(), conversation.id()).flatMap((sla) -> {
			UUID escalation = sla.policy().escalationQueueId();
			Mono<Boolean> moves = (escalation == null || Objects.equals(escalation, sla.queueId())) ? Mono.just(false)
					: this.store.queueExists(conversation.tenantId(), escalation);
			return moves.flatMap((move) -> {
				Map<String, Object> details = new LinkedHashMap<>();
				details.put("dueAt", reviewed.dueAt().toString());
				details.put("priority", Map.of("from", conversation.priority().name(), "to", raised.name()));
				if (!move) {
					return record(conversation, changed, "SLA_BREACHED", details, now, reviewed.dueAt());
				}
				details.put("queue", Map.of("to", escalation.toString()));
				return this.store.moveToQueue(conversation.tenantId(), conversation.id(), escalation)
					.then(record(conversation, changed.inQueue(escalation).unassign(now), "SLA_BREACHED", details, now,
							reviewed.dueAt()));
			});
		});
	}

	private Mono<Conversation> record(Conversation before, Conversation after, String change,
			Map<String, Object> details, Instant now, Instant happenedAt) {
		return this.store.save(after)
			.flatMap((saved) -> this.timeline.appendActivity(saved.tenantId(), saved.id(), ACTOR, change, details, now)
				.flatMap((entry) -> this.events.changed(saved, change, before.status(), entry, ACTOR, happenedAt))
				.thenReturn(saved));
	}

	private record Due(String tenantId, UUID id) {
	}

	/** What a sweep did to one conversation's SLA state; NONE when it left it. */
	private record Change(SlaState state, SlaTarget target) {

		static final Change NONE = new Change(null, null);

	}

}
