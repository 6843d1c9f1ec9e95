package dev.switchboard.messaging.inbox.conversations;

import java.time.Instant;
import java.util.UUID;

import dev.switchboard.events.kafka.PeriodicSweep;
import dev.switchboard.messaging.inbox.timeline.Timeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Archives conversations resolved longer than {@code archive.after} (7 days), in batches,
 * each batch one transaction: the rows taken with {@code FOR UPDATE SKIP LOCKED}, so
 * every instance may run it and each conversation is archived once; each gets an
 * {@code ARCHIVED} activity entry and event. What is due is read from the rows, so
 * nothing is lost across restarts.
 */
@Component
class ConversationArchiver implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ConversationArchiver.class);

	private final DatabaseClient database;

	private final ConversationStore store;

	private final Timeline timeline;

	private final ConversationEvents events;

	private final TransactionalOperator transactions;

	private final ArchiveProperties properties;

	private final PeriodicSweep sweeps;

	ConversationArchiver(DatabaseClient database, ConversationStore store, Timeline timeline, ConversationEvents events,
			TransactionalOperator transactions, ArchiveProperties properties) {
		this.database = database;
		this.store = store;
		this.timeline = timeline;
		this.events = events;
		this.transactions = transactions;
		this.properties = properties;
		this.sweeps = new PeriodicSweep(log, "Conversation archiver", properties.interval(), this::archiveDue);
	}

	@Override
	public void start() {
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
	 * Archives every conversation due now, batch after batch.
	 * @return how many were archived
	 */
	Mono<Long> archiveDue() {
		Instant before = Instant.now().minus(this.properties.after());
		return batch(before)
			.expand((archived) -> (archived < this.properties.batchSize()) ? Mono.empty() : batch(before))
			.reduce(0L, Long::sum);
	}

	private Mono<Long> batch(Instant before) {
		Mono<Long> batch = this.database.sql("""
				WITH due AS (SELECT id FROM conversations WHERE status = 'RESOLVED' AND resolved_at < :before
				  ORDER BY resolved_at LIMIT :batch FOR UPDATE SKIP LOCKED)
				UPDATE conversations c SET status = 'ARCHIVED', archived_at = now(), updated_at = now(),
				version = c.version + 1
				FROM due WHERE c.id = due.id RETURNING c.id, c.tenant_id""")
			.bind("before", before)
			.bind("batch", this.properties.batchSize())
			.map((row) -> new Due(row.get("tenant_id", String.class), row.get("id", UUID.class)))
			.all()
			.concatMap((due) -> announce(due).thenReturn(due))
			.count();
		return this.transactions.transactional(batch);
	}

	private Mono<Void> announce(Due due) {
		Instant now = Instant.now();
		return this.store.find(due.tenantId(), due.id())
			.flatMap((archived) -> this.timeline
				.appendActivity(due.tenantId(), due.id(), InboundConversations.SYSTEM, "ARCHIVED", null, now)
				.flatMap((entry) -> this.events.changed(archived, "ARCHIVED", ConversationStatus.RESOLVED, entry,
						InboundConversations.SYSTEM, now)));
	}

	private record Due(String tenantId, UUID id) {
	}

}
