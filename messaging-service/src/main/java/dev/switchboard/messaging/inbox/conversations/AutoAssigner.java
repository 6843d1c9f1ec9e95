package dev.switchboard.messaging.inbox.conversations;

import java.time.Instant;
import java.util.UUID;

import dev.switchboard.events.kafka.PeriodicSweep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Hands queued conversations (OPEN, in a queue whose mode is not MANUAL) to eligible
 * members: active, ONLINE, below their capacity. Longest waiting first; the agent by the
 * queue's mode (ROUND_ROBIN: the member assigned longest ago; LEAST_LOADED: the fewest
 * assigned conversations, ties to the one assigned longest ago).
 * <p>
 * One transaction per assignment, safe on every replica: one sweep at a time assigns in a
 * queue (the others stop and leave it to that one, which goes on until the queue is
 * served), the conversation is taken with {@code FOR UPDATE SKIP LOCKED} (each once), the
 * agent's row is locked the same way, and the agent's load is counted again after that
 * lock, so two replicas never give one agent more than its capacity. Runs every
 * {@code interval} on every instance.
 */
@Component
class AutoAssigner implements SmartLifecycle {

	/** The actor of automatic assignments in the audit trail. */
	static final String ACTOR = "auto-assign";

	private static final Logger log = LoggerFactory.getLogger(AutoAssigner.class);

	private static final String LOAD = """
			(SELECT count(*) FROM conversations o WHERE o.tenant_id = a.tenant_id AND o.assignee_id = a.id::text
			AND o.status = 'ASSIGNED')""";

	private static final String ELIGIBLE = """
			a.active AND a.availability = 'ONLINE' AND %s < a.capacity""".formatted(LOAD);

	/**
	 * Conversations waiting for an agent that one of their queue's members could take.
	 */
	private static final String QUEUED = """
			FROM conversations c
			JOIN queues q ON q.tenant_id = c.tenant_id AND q.id = c.queue_id
			WHERE c.status = 'OPEN' AND c.queue_id IS NOT NULL AND q.active AND q.mode <> 'MANUAL'
			AND EXISTS (SELECT 1 FROM queue_members m JOIN agents a ON a.tenant_id = m.tenant_id AND a.id = m.agent_id
			  WHERE m.tenant_id = c.tenant_id AND m.queue_id = c.queue_id AND %s)""".formatted(ELIGIBLE);

	private static final String LONGEST_WAITING = "ORDER BY c.waiting_since NULLS LAST, c.created_at, c.id LIMIT 1";

	/** The queue of the conversation that has waited longest. */
	private static final String NEXT_QUEUE = "SELECT c.tenant_id, c.queue_id " + QUEUED + " " + LONGEST_WAITING;

	/**
	 * One sweep assigns in a queue at a time (a transaction-scoped advisory lock), so
	 * that concurrent sweeps keep the queue's order: another sweep's later conversation
	 * never takes the agent an earlier one was waiting for.
	 */
	private static final String QUEUE_LOCK = """
			SELECT pg_try_advisory_xact_lock(:space, hashtext(:queue)) AS acquired""";

	/** First key of the queue locks ("asgn" in ASCII); the second is the queue. */
	private static final int LOCK_SPACE = 0x6173676e;

	private static final String NEXT_CONVERSATION = "SELECT c.id, c.tenant_id, c.queue_id, q.mode " + QUEUED
			+ " AND c.tenant_id = :tenantId AND c.queue_id = :queueId " + LONGEST_WAITING
			+ " FOR UPDATE OF c SKIP LOCKED";

	private static final String AGENT = """
			SELECT a.id, a.capacity FROM agents a
			JOIN queue_members m ON m.tenant_id = a.tenant_id AND m.agent_id = a.id
			WHERE m.tenant_id = :tenantId AND m.queue_id = :queueId AND %s
			ORDER BY %s LIMIT 1 FOR UPDATE OF a SKIP LOCKED""";

	private final DatabaseClient database;

	private final ConversationActions actions;

	private final TransactionalOperator transactions;

	private final AutoAssignProperties properties;

	private final PeriodicSweep sweeps;

	AutoAssigner(DatabaseClient database, ConversationActions actions, TransactionalOperator transactions,
			AutoAssignProperties properties) {
		this.database = database;
		this.actions = actions;
		this.transactions = transactions;
		this.properties = properties;
		this.sweeps = new PeriodicSweep(log, "Auto-assignment", properties.interval(), this::sweep);
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
	 * Assigns queued conversations one transaction at a time until none can be assigned
	 * (or the batch is done).
	 * @return how many were assigned
	 */
	Mono<Long> sweep() {
		return assignNext().expand((assigned) -> assigned ? assignNext() : Mono.empty())
			.take(this.properties.batchSize())
			.filter(Boolean::booleanValue)
			.count();
	}

	/** One assignment in its own transaction; empty when nothing could be assigned. */
	Mono<Boolean> assignNext() {
		Mono<Boolean> assignment = this.database.sql(NEXT_QUEUE)
			.map((row) -> new QueueKey(row.get("tenant_id", String.class), row.get("queue_id", UUID.class)))
			.one()
			.filterWhen((queue) -> this.database.sql(QUEUE_LOCK)
				.bind("space", LOCK_SPACE)
				.bind("queue", queue.tenantId() + ":" + queue.queueId())
				.map((row) -> Boolean.TRUE.equals(row.get("acquired", Boolean.class)))
				.one())
			.flatMap((queue) -> this.database.sql(NEXT_CONVERSATION)
				.bind("tenantId", queue.tenantId())
				.bind("queueId", queue.queueId())
				.map((row) -> new Queued(row.get("tenant_id", String.class), row.get("id", UUID.class),
						row.get("queue_id", UUID.class), row.get("mode", String.class)))
				.one())
			.flatMap((queued) -> agentFor(queued)
				.flatMap((agentId) -> this.actions.autoAssign(queued.tenantId(), queued.id(), agentId.toString(), ACTOR)
					.then(this.database
						.sql("UPDATE agents SET last_assigned_at = :now WHERE tenant_id = :tenantId AND id = :id")
						.bind("now", Instant.now())
						.bind("tenantId", queued.tenantId())
						.bind("id", agentId)
						.then())
					.thenReturn(true)));
		return this.transactions.transactional(assignment);
	}

	/**
	 * The member to take the conversation, its row locked, and its load counted again
	 * after the lock (a statement of its own sees every assignment committed meanwhile).
	 */
	private Mono<UUID> agentFor(Queued queued) {
		String order = "LEAST_LOADED".equals(queued.mode()) ? LOAD + ", a.last_assigned_at ASC NULLS FIRST, a.id"
				: "a.last_assigned_at ASC NULLS FIRST, a.id";
		return this.database.sql(AGENT.formatted(ELIGIBLE, order))
			.bind("tenantId", queued.tenantId())
			.bind("queueId", queued.queueId())
			.map((row) -> new Candidate(row.get("id", UUID.class), row.get("capacity", Integer.class)))
			.one()
			.flatMap((candidate) -> this.database.sql("""
					SELECT count(*) AS load FROM conversations
					WHERE tenant_id = :tenantId AND assignee_id = :agent AND status = 'ASSIGNED'""")
				.bind("tenantId", queued.tenantId())
				.bind("agent", candidate.id().toString())
				.map((row) -> row.get("load", Long.class))
				.one()
				.filter((load) -> load < candidate.capacity())
				.map((load) -> candidate.id()));
	}

	private record Queued(String tenantId, UUID id, UUID queueId, String mode) {
	}

	private record QueueKey(String tenantId, UUID queueId) {
	}

	private record Candidate(UUID id, int capacity) {
	}

}
