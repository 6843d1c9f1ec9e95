package dev.switchboard.workflows.runs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.switchboard.events.Uuids;

import dev.switchboard.workflows.definitions.WorkflowVersion;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Starts runs: the run row and its started event in one transaction, then hands the run
 * to this replica's executor (or, when all its slots are busy, wakes it), so the first
 * step starts without waiting for a poll. A trigger passes a run id derived from what
 * fired it ({@link #runId}): the same event delivered twice, or a cron fire seen by two
 * replicas, starts one run.
 */
@Component
public class RunStarter {

	private final RunStore store;

	private final RunEvents events;

	private final RunExecutor executor;

	private final TransactionalOperator transactions;

	RunStarter(RunStore store, RunEvents events, RunExecutor executor, TransactionalOperator transactions) {
		this.store = store;
		this.events = events;
		this.executor = executor;
		this.transactions = transactions;
	}

	/** The run id for a workflow fired by {@code cause} (an event id, a fire time). */
	public static UUID runId(UUID workflowId, String cause) {
		return UUID.nameUUIDFromBytes(("workflow-run:" + workflowId + ":" + cause).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Starts a run of the version; completes with false when a run with that id exists
	 * already.
	 * @param trigger what fired it (the trigger type)
	 * @param input the run's input (manual runs), may be empty
	 * @param triggerData what the trigger saw (the event's payload), may be empty
	 */
	public Mono<Boolean> start(WorkflowVersion workflow, UUID runId, String trigger, Map<String, Object> input,
			Map<String, Object> triggerData) {
		return Mono.defer(() -> {
			Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("input", input);
			data.put("trigger", triggerData);
			data.put("vars", Map.of());
			// This replica claims the run as it inserts it and executes its first steps
			// in
			// the same transaction: no claim statement, no poll, one commit.
			ClaimedRun run = new ClaimedRun(runId, workflow.tenantId(), workflow.workflowId(), workflow.version(),
					trigger, workflow.definition().first().id(), 0, data, Uuids.random(), now);
			return this.store.insert(run, this.executor.leaseEnd(now))
				.flatMap((inserted) -> inserted ? this.events.append(run, RunStatus.RUNNING, null, null, now)
					.then(this.executor.executeFirst(workflow.definition(), run))
					.map(Optional::of) : Mono.just(Optional.<RunExecutor.After>empty()))
				.as(this.transactions::transactional)
				.map((first) -> {
					first.ifPresent((after) -> {
						this.events.started(run);
						this.executor.afterFirst(workflow.definition(), run, after);
					});
					return first.isPresent();
				});
		});
	}

}
