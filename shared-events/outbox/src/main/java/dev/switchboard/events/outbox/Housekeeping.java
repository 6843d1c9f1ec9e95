package dev.switchboard.events.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import dev.switchboard.events.kafka.PeriodicSweep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Deletes rows older than their retention ({@link Purge}) every interval, in small
 * batches, each its own statement: no long transaction, no lock held for long, a steady
 * trickle of WAL. Safe with several instances: each batch takes rows no other batch holds
 * ({@code FOR UPDATE SKIP LOCKED}), so instances running at once delete disjoint rows and
 * never wait for each other. Deleting by {@code ctid} lets PostgreSQL remove the chosen
 * rows with a TID scan.
 */
public class Housekeeping implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

	private final DatabaseClient database;

	private final List<Purge> purges;

	private final int batchSize;

	private final PeriodicSweep sweeps;

	/**
	 * @param database where the tables are
	 * @param purges what to delete
	 * @param interval time between two runs (the first runs one interval after start)
	 * @param batchSize most rows one statement deletes
	 */
	public Housekeeping(DatabaseClient database, List<Purge> purges, Duration interval, int batchSize) {
		this.database = Objects.requireNonNull(database, "database");
		this.purges = List.copyOf(purges);
		if (batchSize < 1) {
			throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
		}
		this.batchSize = batchSize;
		this.sweeps = new PeriodicSweep(log, "Housekeeping", interval, this::runOnce);
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

	/** The purges, in the order they run. */
	public List<Purge> purges() {
		return this.purges;
	}

	/** Runs every purge once, one after the other. */
	public Mono<Void> runOnce() {
		return Flux.fromIterable(this.purges).concatMap(this::purge).then();
	}

	/**
	 * Deletes the purge's rows older than its retention, batch after batch until a batch
	 * deletes fewer than the batch size.
	 * @return rows deleted and statements it took
	 */
	public Mono<Result> purge(Purge purge) {
		String delete = """
				DELETE FROM %1$s WHERE ctid = ANY(ARRAY(
				    SELECT ctid FROM %1$s WHERE %2$s < :before LIMIT :limit FOR UPDATE SKIP LOCKED))"""
			.formatted(purge.table(), purge.timeColumn());
		Instant before = Instant.now().minus(purge.retention());
		Mono<Long> batch = this.database.sql(delete)
			.bind("before", before)
			.bind("limit", this.batchSize)
			.fetch()
			.rowsUpdated();
		return batch.repeat()
			.takeUntil((deleted) -> deleted < this.batchSize)
			.reduce(new Result(0, 0), (result, deleted) -> new Result(result.deleted() + deleted, result.batches() + 1))
			.doOnNext((result) -> {
				if (result.deleted() > 0) {
					log.info("Purged {} rows of {} older than {} in {} batches", result.deleted(), purge.table(),
							purge.retention(), result.batches());
				}
			});
	}

	/**
	 * What one purge did.
	 *
	 * @param deleted rows deleted
	 * @param batches statements run
	 */
	public record Result(long deleted, int batches) {
	}

}
