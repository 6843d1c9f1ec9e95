package dev.switchboard.workflows.runs;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.events.EventJson;
import dev.switchboard.events.Uuids;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;

/**
 * Runs and their step attempts in PostgreSQL. A run's {@code due_at} is its timer: the
 * executor claims due runs in batches ({@code FOR UPDATE SKIP LOCKED}, so replicas never
 * wait for each other or take the same run) and every write of an executed step checks
 * the claim, so a run cancelled or taken over meanwhile is left as it is.
 */
@Component
class RunStore {

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private final DatabaseClient database;

	RunStore(DatabaseClient database) {
		this.database = database;
	}

	/**
	 * Inserts a new run; false when a run with the id exists (a repeated trigger). The
	 * starting replica inserts it claimed, due again only when its lease ends.
	 * @param run the run with the starting replica's claim
	 * @param dueAt when its lease ends
	 */
	Mono<Boolean> insert(ClaimedRun run, Instant dueAt) {
		GenericExecuteSpec insert = this.database
			.sql("INSERT INTO runs (id, tenant_id, workflow_id, version, trigger, status, step_id, attempt, data, "
					+ "due_at, claim, created_at) VALUES (:id, :tenant, :workflow, :version, :trigger, 'running', "
					+ ":step, 0, :data, :due, :claim, :now) ON CONFLICT (id) DO NOTHING")
			.bind("id", run.id())
			.bind("tenant", run.tenantId())
			.bind("workflow", run.workflowId())
			.bind("version", run.version())
			.bind("trigger", run.trigger())
			.bind("step", run.stepId())
			.bind("data", json(run.data()))
			.bind("due", dueAt)
			.bind("now", run.createdAt());
		return insert.bind("claim", run.claim()).fetch().rowsUpdated().map((rows) -> rows > 0);
	}

	/** Claims up to {@code limit} due runs, leasing each for {@code lease}. */
	Flux<ClaimedRun> claimDue(int limit, Duration lease) {
		UUID claim = Uuids.random();
		return this.database
			.sql("UPDATE runs r SET claim = :claim, due_at = now() + :lease * interval '1 millisecond' "
					+ "FROM (SELECT id FROM runs WHERE status = 'running' AND due_at <= now() ORDER BY due_at "
					+ "LIMIT :limit FOR UPDATE SKIP LOCKED) due WHERE r.id = due.id "
					+ "RETURNING r.id, r.tenant_id, r.workflow_id, r.version, r.trigger, r.step_id, r.attempt, "
					+ "r.data, r.created_at")
			.bind("claim", claim)
			.bind("lease", lease.toMillis())
			.bind("limit", limit)
			.map((row) -> new ClaimedRun(row.get("id", UUID.class), row.get("tenant_id", String.class),
					row.get("workflow_id", UUID.class), row.get("version", Integer.class),
					row.get("trigger", String.class), row.get("step_id", String.class),
					row.get("attempt", Integer.class), data(row), claim, row.get("created_at", Instant.class)))
			.all();
	}

	Mono<Void> recordAttempt(ClaimedRun run, String type, int attempt, String outcome, Map<String, Object> detail,
			String error, Instant startedAt, Instant finishedAt) {
		GenericExecuteSpec insert = this.database
			.sql("INSERT INTO step_attempts (run_id, step_id, attempt, type, outcome, detail, error, started_at, "
					+ "finished_at) VALUES (:run, :step, :attempt, :type, :outcome, :detail, :error, :started, "
					+ ":finished) ON CONFLICT DO NOTHING")
			.bind("run", run.id())
			.bind("step", run.stepId())
			.bind("attempt", attempt)
			.bind("type", type)
			.bind("outcome", outcome)
			.bind("started", startedAt)
			.bind("finished", finishedAt);
		insert = (detail != null) ? insert.bind("detail", json(detail)) : insert.bindNull("detail", Json.class);
		insert = (error != null) ? insert.bind("error", error) : insert.bindNull("error", String.class);
		return insert.then();
	}

	/** Makes the claimed run due now, for any replica's claims. */
	Mono<Void> dueNow(ClaimedRun run) {
		return claimed(
				this.database
					.sql("UPDATE runs SET due_at = now() WHERE id = :id AND claim = :claim AND status = 'running'"),
				run);
	}

	/** Moves the claimed run to its next step, due at {@code dueAt}. */
	Mono<Void> advance(ClaimedRun run, String nextStep, Map<String, Object> data, Instant dueAt) {
		return claimed(this.database
			.sql("UPDATE runs SET step_id = :step, attempt = 0, data = :data, due_at = :due "
					+ "WHERE id = :id AND claim = :claim AND status = 'running'")
			.bind("step", nextStep)
			.bind("data", json(data))
			.bind("due", dueAt), run);
	}

	/**
	 * Leaves the claimed run on its step (with the data of the steps before it in the
	 * same transaction), attempted again at {@code dueAt}.
	 */
	Mono<Void> retryLater(ClaimedRun run, int failedAttempts, Instant dueAt) {
		return claimed(this.database
			.sql("UPDATE runs SET step_id = :step, data = :data, attempt = :attempt, due_at = :due "
					+ "WHERE id = :id AND claim = :claim AND status = 'running'")
			.bind("step", run.stepId())
			.bind("data", json(run.data()))
			.bind("attempt", failedAttempts)
			.bind("due", dueAt), run);
	}

	Mono<Void> finish(ClaimedRun run, RunStatus status, Map<String, Object> data, String error, Instant now) {
		GenericExecuteSpec update = this.database
			.sql("UPDATE runs SET status = :status, step_id = NULL, due_at = NULL, data = :data, error = :error, "
					+ "finished_at = :now WHERE id = :id AND claim = :claim AND status = 'running'")
			.bind("status", status.value())
			.bind("data", json(data))
			.bind("now", now);
		update = (error != null) ? update.bind("error", error) : update.bindNull("error", String.class);
		return claimed(update, run);
	}

	/** Cancels a running run of the tenant; empty when there is no such running run. */
	Mono<ClaimedRun> cancel(String tenantId, UUID id, Instant now) {
		return this.database
			.sql("UPDATE runs SET status = 'cancelled', step_id = NULL, due_at = NULL, claim = NULL, "
					+ "finished_at = :now WHERE id = :id AND tenant_id = :tenant AND status = 'running' "
					+ "RETURNING id, tenant_id, workflow_id, version, trigger, data, created_at")
			.bind("id", id)
			.bind("tenant", tenantId)
			.bind("now", now)
			.map((row) -> new ClaimedRun(row.get("id", UUID.class), row.get("tenant_id", String.class),
					row.get("workflow_id", UUID.class), row.get("version", Integer.class),
					row.get("trigger", String.class), null, 0, data(row), null, row.get("created_at", Instant.class)))
			.one();
	}

	Mono<Run> find(String tenantId, UUID id) {
		return this.database.sql("SELECT * FROM runs WHERE id = :id AND tenant_id = :tenant")
			.bind("id", id)
			.bind("tenant", tenantId)
			.map(RunStore::run)
			.one()
			.flatMap((run) -> attempts(id).collectList().map(run::withSteps));
	}

	Flux<Run> list(String tenantId, UUID workflowId, int limit) {
		return this.database
			.sql("SELECT * FROM runs WHERE workflow_id = :workflow AND tenant_id = :tenant "
					+ "ORDER BY created_at DESC, id LIMIT :limit")
			.bind("workflow", workflowId)
			.bind("tenant", tenantId)
			.bind("limit", limit)
			.map(RunStore::run)
			.all();
	}

	private Flux<Run.StepAttempt> attempts(UUID runId) {
		return this.database
			.sql("SELECT * FROM step_attempts WHERE run_id = :run ORDER BY started_at, step_id, attempt")
			.bind("run", runId)
			.map((row) -> {
				Json detail = row.get("detail", Json.class);
				return new Run.StepAttempt(row.get("step_id", String.class), row.get("attempt", Integer.class),
						row.get("type", String.class), row.get("outcome", String.class),
						(detail != null) ? EventJson.mapper().readValue(detail.asArray(), MAP) : null,
						row.get("error", String.class), row.get("started_at", Instant.class),
						row.get("finished_at", Instant.class));
			})
			.all();
	}

	private Mono<Void> claimed(GenericExecuteSpec update, ClaimedRun run) {
		return update.bind("id", run.id())
			.bind("claim", run.claim())
			.fetch()
			.rowsUpdated()
			.flatMap((rows) -> (rows > 0) ? Mono.<Void>empty() : Mono.error(new LostClaim(run.id())));
	}

	private static Run run(Readable row) {
		String status = row.get("status", String.class);
		boolean running = RunStatus.RUNNING.value().equals(status);
		return new Run(row.get("id", UUID.class), row.get("workflow_id", UUID.class), row.get("version", Integer.class),
				row.get("trigger", String.class), status, row.get("step_id", String.class),
				running ? row.get("due_at", Instant.class) : null, data(row), row.get("error", String.class),
				row.get("created_at", Instant.class), row.get("finished_at", Instant.class), null);
	}

	private static Map<String, Object> data(Readable row) {
		return EventJson.mapper().readValue(row.get("data", Json.class).asArray(), MAP);
	}

	private static Json json(Map<String, Object> value) {
		return Json.of(EventJson.write(value));
	}

	/** The run was cancelled or claimed by another replica while this one executed it. */
	static final class LostClaim extends RuntimeException {

		LostClaim(UUID runId) {
			super("Run " + runId + " is no longer claimed by this executor", null, false, false);
		}

	}

}
