package dev.switchboard.orders.operations;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.events.EventJson;
import dev.switchboard.events.Uuids;
import dev.switchboard.orders.query.OrderFilter;
import dev.switchboard.orders.query.OrderFilter.Condition;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;

/** Stored batch jobs: what to do to which orders, and how far it got. */
@Component
class BatchJobs {

	private final DatabaseClient database;

	BatchJobs(DatabaseClient database) {
		this.database = database;
	}

	/** Counts the matching orders and stores the job as running. */
	Mono<BatchJob> create(String tenantId, BatchOperation operation, OrderFilter filter) {
		Condition condition = filter.condition(tenantId);
		UUID id = Uuids.random();
		String count = """
				SELECT count(*) AS total FROM orders WHERE %s
				""".formatted(condition.sql());
		return bind(this.database.sql(count), condition.binds()).map((row) -> row.get("total", Long.class))
			.one()
			.flatMap((total) -> this.database.sql("""
					INSERT INTO batch_jobs (id, tenant_id, operation, filter, status, total, created_at, updated_at)
					VALUES (:id, :tenantId, :operation, :filter, 'running', :total, now(), now())
					""")
				.bind("id", id)
				.bind("tenantId", tenantId)
				.bind("operation", operation.value())
				.bind("filter", Json.of(EventJson.write(filter)))
				.bind("total", total.intValue())
				.then())
			.then(find(tenantId, id));
	}

	Mono<BatchJob> find(String tenantId, UUID id) {
		return this.database.sql("SELECT * FROM batch_jobs WHERE tenant_id = :tenantId AND id = :id")
			.bind("tenantId", tenantId)
			.bind("id", id)
			.map(BatchJobs::job)
			.one();
	}

	/** Running jobs, oldest first. */
	Flux<BatchJob> running(int limit) {
		return this.database.sql("SELECT * FROM batch_jobs WHERE status = 'running' ORDER BY created_at LIMIT :limit")
			.bind("limit", limit)
			.map(BatchJobs::job)
			.all();
	}

	/** The next chunk of matching order ids after the job's cursor, oldest first. */
	Flux<Chunked> chunk(BatchJob job, int size) {
		Condition condition = job.filter().condition(job.tenantId());
		Map<String, Object> binds = new LinkedHashMap<>(condition.binds());
		String keyset = "";
		if (job.cursorId() != null) {
			keyset = "AND (received_at, id) > (:cursorAt, :cursorId)";
			binds.put("cursorAt", job.cursorAt());
			binds.put("cursorId", job.cursorId());
		}
		binds.put("size", size);
		String sql = """
				SELECT id, received_at FROM orders
				WHERE %s %s
				ORDER BY received_at, id LIMIT :size
				""".formatted(condition.sql(), keyset);
		return bind(this.database.sql(sql), binds)
			.map((row) -> new Chunked(row.get("id", UUID.class), row.get("received_at", Instant.class)))
			.all();
	}

	/** Records a processed chunk; the job completes with a short chunk. */
	Mono<Void> advance(BatchJob job, List<Chunked> chunk, int affected, boolean last) {
		Chunked end = chunk.isEmpty() ? null : chunk.get(chunk.size() - 1);
		GenericExecuteSpec spec = this.database.sql("""
				UPDATE batch_jobs SET processed = processed + :processed, affected = affected + :affected,
				    cursor_at = COALESCE(:cursorAt, cursor_at), cursor_id = COALESCE(:cursorId, cursor_id),
				    status = :status, updated_at = now()
				WHERE id = :id
				""")
			.bind("processed", chunk.size())
			.bind("affected", affected)
			.bind("status", last ? "completed" : "running")
			.bind("id", job.id());
		spec = (end != null) ? spec.bind("cursorAt", end.receivedAt()).bind("cursorId", end.id())
				: spec.bindNull("cursorAt", Instant.class).bindNull("cursorId", UUID.class);
		return spec.then();
	}

	private static BatchJob job(Readable row) {
		OrderFilter filter = EventJson.read(row.get("filter", Json.class).asArray(), OrderFilter.class);
		return new BatchJob(row.get("id", UUID.class), row.get("tenant_id", String.class),
				BatchOperation.of(row.get("operation", String.class)), filter, row.get("status", String.class),
				row.get("total", Integer.class), row.get("processed", Integer.class),
				row.get("affected", Integer.class), row.get("cursor_at", Instant.class),
				row.get("cursor_id", UUID.class), row.get("created_at", Instant.class),
				row.get("updated_at", Instant.class));
	}

	private static GenericExecuteSpec bind(GenericExecuteSpec spec, Map<String, Object> binds) {
		GenericExecuteSpec bound = spec;
		for (Map.Entry<String, Object> bind : binds.entrySet()) {
			bound = bound.bind(bind.getKey(), bind.getValue());
		}
		return bound;
	}

	/**
	 * An order of a chunk.
	 *
	 * @param id order id
	 * @param receivedAt its receipt time (the cursor)
	 */
	record Chunked(UUID id, Instant receivedAt) {
	}

}
