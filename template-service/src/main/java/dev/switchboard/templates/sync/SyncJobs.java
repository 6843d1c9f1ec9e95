package dev.switchboard.templates.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.switchboard.events.Uuids;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Sync jobs in PostgreSQL, so that they run once across replicas: a job is queued, one
 * replica claims it under a lease (renewed with every page), at most one job runs at a
 * time, and the schedule queues a job only when none was scheduled within the interval.
 * Claims and schedules take one transaction-level advisory lock, so replicas deciding at
 * the same moment decide one after the other.
 */
class SyncJobs {

	/** The advisory lock of claims and schedules. */
	private static final String CLAIM_LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('template-sync-claims', 0))";

	private static final String COLUMNS = "id, tenant_id, trigger, status, created_at, started_at, finished_at, pages, "
			+ "seen, changed, failed";

	private final DatabaseClient database;

	private final TransactionalOperator transactions;

	private final String holder;

	/**
	 * @param holder this replica's name in the jobs it claims
	 */
	SyncJobs(DatabaseClient database, TransactionalOperator transactions, String holder) {
		this.database = database;
		this.transactions = transactions;
		this.holder = holder;
	}

	String holder() {
		return this.holder;
	}

	/** Queues a job for one tenant (or every tenant when null). */
	Mono<SyncJob> queue(String tenantId, String trigger) {
		UUID id = Uuids.random();
		DatabaseClient.GenericExecuteSpec insert = this.database
			.sql("INSERT INTO template_sync_jobs (id, tenant_id, trigger, status) VALUES (:id, :tenantId, :trigger, "
					+ "'queued') RETURNING " + COLUMNS)
			.bind("id", id)
			.bind("trigger", trigger);
		insert = (tenantId != null) ? insert.bind("tenantId", tenantId) : insert.bindNull("tenantId", String.class);
		return insert.map(SyncJobs::read).one();
	}

	/**
	 * Queues the scheduled sync of every tenant unless one was scheduled within the
	 * interval (by any replica).
	 * @return the job queued now, empty when none was due
	 */
	Mono<SyncJob> scheduleIfDue(Duration interval) {
		return schedule(SyncJob.SCHEDULE, null, interval);
	}

	/**
	 * Queues a job of this trigger for one tenant (every tenant when null) unless one
	 * with the same trigger was queued within the interval, by any replica.
	 */
	Mono<SyncJob> schedule(String trigger, String tenantId, Duration interval) {
		Mono<SyncJob> schedule = this.database.sql(CLAIM_LOCK)
			.fetch()
			.rowsUpdated()
			.then(this.database
				.sql("SELECT count(*) AS recent FROM template_sync_jobs WHERE trigger = :trigger"
						+ " AND created_at > now() - make_interval(secs => :seconds)")
				.bind("trigger", trigger)
				.bind("seconds", interval.toMillis() / 1000.0)
				.map((row) -> row.get("recent", Long.class))
				.one())
			.filter((recent) -> recent == 0)
			.flatMap((none) -> queue(tenantId, trigger));
		return this.transactions.transactional(schedule);
	}

	/**
	 * Claims the oldest queued job (or one whose holder's lease ran out) unless another
	 * job is running under a live lease.
	 */
	Mono<SyncJob> claim(Duration lease) {
		Mono<SyncJob> claim = this.database.sql(CLAIM_LOCK)
			.fetch()
			.rowsUpdated()
			.then(this.database.sql("""
					UPDATE template_sync_jobs SET status = 'running', holder = :holder,
					    started_at = coalesce(started_at, now()), lease_until = now() + make_interval(secs => :seconds)
					WHERE id = (SELECT id FROM template_sync_jobs
					            WHERE status = 'queued' OR (status = 'running' AND lease_until < now())
					            ORDER BY created_at LIMIT 1)
					  AND NOT EXISTS (SELECT 1 FROM template_sync_jobs
					                  WHERE status = 'running' AND lease_until >= now())
					RETURNING %s""".formatted(COLUMNS))
				.bind("holder", this.holder)
				.bind("seconds", lease.toMillis() / 1000.0)
				.map(SyncJobs::read)
				.one());
		return this.transactions.transactional(claim);
	}

	/** Adds a page's counts and log line, and renews the lease. */
	Mono<Void> progress(UUID id, int pages, int seen, int changed, int failed, String line, Duration lease) {
		return this.database.sql("""
				WITH updated AS (
				    UPDATE template_sync_jobs SET pages = pages + :pages, seen = seen + :seen,
				        changed = changed + :changed, failed = failed + :failed,
				        lease_until = now() + make_interval(secs => :seconds)
				    WHERE id = :id RETURNING id)
				INSERT INTO template_sync_log (job_id, line) SELECT id, :line FROM updated""")
			.bind("id", id)
			.bind("pages", pages)
			.bind("seen", seen)
			.bind("changed", changed)
			.bind("failed", failed)
			.bind("seconds", lease.toMillis() / 1000.0)
			.bind("line", line)
			.then();
	}

	/** Ends the job: {@code completed}, or {@code failed} when some WABA failed. */
	Mono<Void> finish(UUID id) {
		return this.database
			.sql("UPDATE template_sync_jobs SET status = CASE WHEN failed > 0 THEN 'failed' ELSE 'completed' END,"
					+ " finished_at = now(), lease_until = NULL WHERE id = :id")
			.bind("id", id)
			.then();
	}

	/** The tenant's job with its latest log lines; empty for another tenant's. */
	Mono<SyncJob> find(String tenantId, UUID id, int logLines) {
		return this.database
			.sql("SELECT " + COLUMNS + " FROM template_sync_jobs WHERE id = :id AND tenant_id = :tenantId")
			.bind("id", id)
			.bind("tenantId", tenantId)
			.map(SyncJobs::read)
			.one()
			.flatMap((job) -> log(id, logLines).map(job::withLog));
	}

	private Mono<List<String>> log(UUID id, int lines) {
		return this.database
			.sql("SELECT line FROM (SELECT line_no, line FROM template_sync_log WHERE job_id = :id"
					+ " ORDER BY line_no DESC LIMIT :lines) latest ORDER BY line_no")
			.bind("id", id)
			.bind("lines", lines)
			.map((row) -> row.get("line", String.class))
			.all()
			.collectList();
	}

	private static SyncJob read(Readable row) {
		return new SyncJob(row.get("id", UUID.class), row.get("tenant_id", String.class),
				row.get("trigger", String.class), row.get("status", String.class), row.get("created_at", Instant.class),
				row.get("started_at", Instant.class), row.get("finished_at", Instant.class),
				row.get("pages", Integer.class), row.get("seen", Integer.class), row.get("changed", Integer.class),
				row.get("failed", Integer.class), List.of());
	}

}
