package dev.switchboard.workflows.triggers;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.events.kafka.OutageLog;
import dev.switchboard.workflows.definitions.TriggerSpec;
import dev.switchboard.workflows.definitions.WorkflowVersion;
import dev.switchboard.workflows.definitions.Workflows;
import dev.switchboard.workflows.runs.RunStarter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Fires cron triggers. Every replica polls {@code cron_schedules}; a due schedule is
 * locked ({@code FOR UPDATE SKIP LOCKED}) by one replica, which starts the fire's run and
 * moves the schedule to its next fire in the same transaction, so a fire starts exactly
 * one run however many replicas there are (the run id, derived from the fire time, would
 * refuse a second anyway). A fire later than the tolerance was missed (the service was
 * down): policy {@code skip} starts nothing, {@code run_once} starts one run for all the
 * fires missed; either way the schedule moves to the next fire after now.
 */
@Component
class CronScheduler implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(CronScheduler.class);

	private final DatabaseClient database;

	private final Workflows workflows;

	private final RunStarter starter;

	private final TransactionalOperator transactions;

	private final CronProperties properties;

	private final OutageLog outages = new OutageLog(log, "Workflow cron scheduler");

	private volatile Disposable running;

	CronScheduler(DatabaseClient database, Workflows workflows, RunStarter starter, TransactionalOperator transactions,
			CronProperties properties) {
		this.database = database;
		this.workflows = workflows;
		this.starter = starter;
		this.transactions = transactions;
		this.properties = properties;
	}

	@Override
	public void start() {
		this.running = Flux.interval(this.properties.pollInterval())
			.onBackpressureDrop()
			.concatMap((tick) -> Mono.defer(this::fireDue)
				.doOnSuccess((done) -> this.outages.succeeded())
				.onErrorResume((ex) -> {
					this.outages.failed(ex);
					return Mono.empty();
				}), 1)
			.subscribe();
	}

	/** Fires every due schedule, one batch per transaction. */
	Mono<Void> fireDue() {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		return this.database
			.sql("SELECT workflow_id, version, next_fire_at FROM cron_schedules WHERE next_fire_at <= :now "
					+ "ORDER BY next_fire_at LIMIT :limit FOR UPDATE SKIP LOCKED")
			.bind("now", now)
			.bind("limit", this.properties.batchSize())
			.map((row) -> new Due(row.get("workflow_id", UUID.class), row.get("version", Integer.class),
					row.get("next_fire_at", Instant.class)))
			.all()
			// Read to the end before the next statement on the transaction's connection.
			.collectList()
			.flatMapMany(Flux::fromIterable)
			.concatMap((due) -> this.workflows.version(due.workflowId(), due.version())
				.flatMap((workflow) -> fire(workflow, due.fireAt(), now)))
			.count()
			.as(this.transactions::transactional)
			.flatMap((count) -> (count >= this.properties.batchSize()) ? fireDue() : Mono.empty());
	}

	private Mono<Void> fire(WorkflowVersion workflow, Instant fireAt, Instant now) {
		TriggerSpec trigger = workflow.definition().trigger();
		boolean missed = Duration.between(fireAt, now).compareTo(this.properties.missedFireTolerance()) > 0;
		Mono<Boolean> run = (!missed || trigger.runsMissedFireOnce())
				? this.starter.start(workflow, RunStarter.runId(workflow.workflowId(), "cron:" + fireAt),
						TriggerSpec.CRON, Map.of(), Map.of("firedAt", fireAt.toString(), "missed", missed))
				: Mono.just(false);
		if (missed && !trigger.runsMissedFireOnce()) {
			log.info("Workflow {} missed its cron fire of {}: skipped", workflow.workflowId(), fireAt);
		}
		Instant next = trigger.nextFire(now).orElse(null);
		Mono<Void> reschedule = (next != null)
				? this.database.sql("UPDATE cron_schedules SET next_fire_at = :next WHERE workflow_id = :id")
					.bind("next", next)
					.bind("id", workflow.workflowId())
					.then()
				: this.database.sql("DELETE FROM cron_schedules WHERE workflow_id = :id")
					.bind("id", workflow.workflowId())
					.then();
		return run.then(reschedule);
	}

	@Override
	public void stop() {
		Disposable scheduler = this.running;
		if (scheduler != null) {
			scheduler.dispose();
		}
		this.running = null;
	}

	@Override
	public boolean isRunning() {
		return this.running != null;
	}

	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 200;
	}

	private record Due(UUID workflowId, int version, Instant fireAt) {
	}

}
