package dev.switchboard.workflows.runs;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.Uuids;
import dev.switchboard.events.outbox.Outbox;
import dev.switchboard.events.workflows.WorkflowRunChanged;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * What a run reports: its changes on {@code workflows.events.v1} (through the outbox, in
 * the transaction of the change) and per-workflow metrics
 * ({@code switchboard.workflows.runs} by outcome,
 * {@code switchboard.workflows.run.duration}).
 */
@Component
class RunEvents {

	private final Outbox outbox;

	private final MeterRegistry meters;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	private final Map<String, Timer> durations = new ConcurrentHashMap<>();

	RunEvents(Outbox outbox, MeterRegistry meters) {
		this.outbox = outbox;
		this.meters = meters;
	}

	/** Appends a change of the run; call inside the transaction that made it. */
	Mono<Void> append(ClaimedRun run, RunStatus status, String stepId, String error, Instant at) {
		WorkflowRunChanged changed = new WorkflowRunChanged(run.id().toString(), run.workflowId().toString(),
				run.version(), status.value(), run.trigger(), stepId, error, at);
		EventEnvelope<WorkflowRunChanged> event = new EventEnvelope<>(Uuids.random().toString(),
				EventType.WORKFLOW_RUN_CHANGED_V1, this.outbox.source(), at, run.id().toString(), run.tenantId(),
				run.id().toString(), null, changed);
		return this.outbox.append(event, run.tenantId() + ":" + run.id());
	}

	void started(ClaimedRun run) {
		counter(run, "started").increment();
	}

	/** Counts a finished run and its duration from start to end. */
	void finished(ClaimedRun run, RunStatus status, Instant at) {
		counter(run, status.value()).increment();
		this.durations
			.computeIfAbsent(run.workflowId() + ":" + status.value(),
					(key) -> Timer.builder("switchboard.workflows.run.duration")
						.description("Time from a run's start to its end")
						.tag("workflow", run.workflowId().toString())
						.tag("outcome", status.value())
						.register(this.meters))
			.record(Duration.between(run.createdAt(), at).toMillis(), TimeUnit.MILLISECONDS);
	}

	// The meters are looked up once per workflow and outcome, not built again per run.
	private Counter counter(ClaimedRun run, String outcome) {
		return this.counters.computeIfAbsent(run.workflowId() + ":" + outcome,
				(key) -> Counter.builder("switchboard.workflows.runs")
					.description("Workflow runs started and ended, by outcome")
					.tag("workflow", run.workflowId().toString())
					.tag("outcome", outcome)
					.register(this.meters));
	}

}
