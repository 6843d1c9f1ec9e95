package dev.switchboard.workflows.runs;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.switchboard.events.kafka.PeriodicSweep;
import dev.switchboard.workflows.definitions.Definition;
import dev.switchboard.workflows.definitions.StepSpec;
import dev.switchboard.workflows.definitions.Workflows;
import dev.switchboard.workflows.steps.RunState;
import dev.switchboard.workflows.steps.StepOutcome;
import dev.switchboard.workflows.steps.Steps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Executes due runs. A run started on this replica is inserted already claimed and its
 * first steps execute in the transaction that inserts it; what follows at once (after an
 * {@code http_call}) goes on here while fewer than {@code concurrency} such runs do. The
 * rest (waits, retries, runs that found every slot taken, other replicas' runs whose
 * lease ended) are found by claims, woken when a run is made due and by a short poll;
 * each round claims due runs in batches until a batch comes back short. A claimed run's
 * steps are executed one after the other, with their attempts, their effects (send
 * commands) and the run's new state, in one transaction while they follow at once (an
 * {@code http_call} in a transaction of its own), until the run waits, fails an attempt
 * or ends. While PostgreSQL is unavailable the outage is logged once when it starts and
 * once when it ends.
 */
@Component
class RunExecutor implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(RunExecutor.class);

	/** Most steps executed in one transaction (a branch may loop). */
	static final int STEPS_PER_TRANSACTION = 20;

	private static final String HTTP_CALL = "http_call";

	private final RunStore store;

	private final RunEvents events;

	private final Workflows workflows;

	private final Steps steps;

	private final TransactionalOperator transactions;

	private final ExecutorProperties properties;

	private final Sinks.Many<Long> wakeups = Sinks.many().multicast().directBestEffort();

	/** Runs started on this replica whose later steps execute at once. */
	private final AtomicInteger continuing = new AtomicInteger();

	private final PeriodicSweep rounds;

	RunExecutor(RunStore store, RunEvents events, Workflows workflows, Steps steps, TransactionalOperator transactions,
			ExecutorProperties properties) {
		this.store = store;
		this.events = events;
		this.workflows = workflows;
		this.steps = steps;
		this.transactions = transactions;
		this.properties = properties;
		this.rounds = new PeriodicSweep(log, "Workflow run executor", properties.pollInterval(),
				PeriodicSweep.DEFAULT_STOP_TIMEOUT, this.wakeups.asFlux(), this::drain);
	}

	/** Runs are due: look now rather than at the next poll. */
	void wake() {
		this.wakeups.tryEmitNext(0L);
	}

	/** When the lease of a run claimed at {@code now} ends. */
	Instant leaseEnd(Instant now) {
		return now.plus(this.properties.lease());
	}

	/**
	 * Executes the first steps of a run this replica starts, claimed as inserted, inside
	 * the transaction that inserts it (as far as they follow at once without an
	 * {@code http_call}); what comes after the commit is {@link #afterFirst}'s.
	 */
	Mono<After> executeFirst(Definition definition, ClaimedRun run) {
		// An http_call first step waits for the commit: its own transaction, off the
		// trigger's path.
		boolean call = definition.step(run.stepId()).map((step) -> HTTP_CALL.equals(step.type())).orElse(false);
		return call ? Mono.just(After.next(run)) : segment(definition, run, 0);
	}

	/**
	 * Goes on with a run after its first steps committed: at once when a slot of
	 * {@code concurrency} is free, otherwise it is made due now for the claims.
	 */
	void afterFirst(Definition definition, ClaimedRun run, After first) {
		if (first.next() == null) {
			after(definition, run, first).subscribe();
			return;
		}
		if (!this.rounds.isRunning() || this.continuing.incrementAndGet() > this.properties.concurrency()) {
			this.continuing.decrementAndGet();
			this.store.dueNow(first.next()).doOnSuccess((done) -> wake()).onErrorResume((ex) -> {
				log.debug("Run {} is taken up again after its lease: {}", run.id(), ex.toString());
				return Mono.empty();
			}).subscribe();
			return;
		}
		after(definition, run, first).onErrorResume((ex) -> {
			log.warn("Run {} of workflow {} stopped, taken up again after its lease: {}", run.id(), run.workflowId(),
					ex.toString());
			return Mono.empty();
		}).doFinally((signal) -> this.continuing.decrementAndGet()).subscribe();
	}

	@Override
	public void start() {
		this.rounds.start();
	}

	/**
	 * Claims and executes batches until a batch comes back smaller than the batch size.
	 */
	Mono<Void> drain() {
		return this.store.claimDue(this.properties.batchSize(), this.properties.lease())
			.collectList()
			.flatMapMany(Flux::fromIterable)
			.flatMap((run) -> execute(run).thenReturn(1), this.properties.concurrency())
			.count()
			.flatMap((count) -> (count >= this.properties.batchSize()) ? drain() : Mono.empty());
	}

	private Mono<Void> execute(ClaimedRun run) {
		return this.workflows.version(run.workflowId(), run.version())
			.flatMap((workflow) -> executeFrom(workflow.definition(), run))
			.onErrorResume(RunStore.LostClaim.class, (lost) -> {
				log.debug("{}", lost.getMessage());
				return Mono.empty();
			})
			.onErrorResume((ex) -> {
				log.warn("Run {} of workflow {} stopped at step {}, taken up again after its lease: {}", run.id(),
						run.workflowId(), run.stepId(), ex.toString());
				return Mono.empty();
			});
	}

	/**
	 * Executes the run's due step and, while they follow at once, the steps after it: in
	 * one transaction as long as no {@code http_call} (an effect outside the database, so
	 * it keeps a transaction of its own) is involved, up to
	 * {@link #STEPS_PER_TRANSACTION}.
	 */
	private Mono<Void> executeFrom(Definition definition, ClaimedRun run) {
		return segment(definition, run, 0).as(this.transactions::transactional)
			.flatMap((after) -> after(definition, run, after));
	}

	/** What follows a committed transaction of steps. */
	private Mono<Void> after(Definition definition, ClaimedRun run, After after) {
		return (after.finished() != null)
				? Mono.fromRunnable(() -> this.events.finished(run, after.finished(), after.at()))
				: ((after.next() != null) ? executeFrom(definition, after.next()) : Mono.empty());
	}

	/**
	 * Executes steps inside the caller's transaction; {@code executed}: steps in it so
	 * far.
	 */
	private Mono<After> segment(Definition definition, ClaimedRun run, int executed) {
		StepSpec step = definition.step(run.stepId()).orElse(null);
		Instant started = now();
		if (Definition.END.equals(run.stepId())) {
			return this.store.finish(run, RunStatus.SUCCEEDED, run.data(), null, started)
				.then(this.events.append(run, RunStatus.SUCCEEDED, null, null, started))
				.thenReturn(After.finished(RunStatus.SUCCEEDED, started));
		}
		if (step == null) {
			return finish(run, RunStatus.FAILED, "No step " + run.stepId() + " in version " + run.version(), started)
				.thenReturn(After.finished(RunStatus.FAILED, started));
		}
		RunState state = new RunState(run.id(), run.tenantId(), run.data(), run.workflowId());
		return this.steps.execute(definition, step, state, started)
			.flatMap((outcome) -> record(run, step, outcome, started))
			.flatMap((after) -> {
				if (after.next() == null) {
					return Mono.just(after);
				}
				StepSpec next = definition.step(after.next().stepId()).orElse(null);
				if (executed + 1 < STEPS_PER_TRANSACTION && !HTTP_CALL.equals(step.type())
						&& (next == null || !HTTP_CALL.equals(next.type()))) {
					return segment(definition, after.next(), executed + 1);
				}
				// The transaction ends here: the run's state so far is saved with it.
				return this.store
					.advance(after.next(), after.next().stepId(), after.next().data(),
							now().plus(this.properties.lease()))
					.thenReturn(after);
			});
	}

	private Mono<After> record(ClaimedRun run, StepSpec step, StepOutcome outcome, Instant started) {
		Instant finished = now();
		int attempt = run.attempt() + 1;
		return switch (outcome.kind()) {
			case PROCEED -> this.store
				.recordAttempt(run, step.type(), attempt, "succeeded", outcome.detail(), null, started, finished)
				.then((outcome.next() == null)
						? this.store.finish(run, RunStatus.SUCCEEDED, outcome.data(), null, finished)
							.then(this.events.append(run, RunStatus.SUCCEEDED, null, null, finished))
							.thenReturn(After.finished(RunStatus.SUCCEEDED, finished))
						// Go on at once: the next step saves the run's state.
						: Mono.just(After.next(run.next(outcome.next(), outcome.data()))));
			case WAIT -> this.store
				.recordAttempt(run, step.type(), attempt, "waiting", outcome.detail(), null, started, finished)
				// A wait as the last step ends the run when it is over.
				.then(this.store.advance(run, (outcome.next() != null) ? outcome.next() : Definition.END,
						outcome.data(), outcome.wakeAt()))
				.thenReturn(After.NOTHING);
			case FAILED -> this.store
				.recordAttempt(run, step.type(), attempt, "failed", null, outcome.error(), started, finished)
				.then((attempt < step.maxAttempts())
						? this.store.retryLater(run, attempt, finished.plus(step.backoff(attempt)))
							.then(this.events.append(run, RunStatus.RUNNING, step.id(), outcome.error(), finished))
							.thenReturn(After.NOTHING)
						: finish(run, RunStatus.FAILED, "Step " + step.id() + " failed: " + outcome.error(), finished)
							.thenReturn(After.finished(RunStatus.FAILED, finished)));
		};
	}

	private Mono<Void> finish(ClaimedRun run, RunStatus status, String error, Instant at) {
		return this.store.finish(run, status, run.data(), error, at)
			.then(this.events.append(run, status, run.stepId(), error, at));
	}

	private static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MICROS);
	}

	@Override
	public void stop() {
		this.rounds.stop();
	}

	/**
	 * Lets the steps in flight finish (a step cut off would run again after its lease),
	 * beside the service's other workers.
	 */
	@Override
	public void stop(Runnable callback) {
		this.rounds.stop(callback);
	}

	@Override
	public boolean isRunning() {
		return this.rounds.isRunning();
	}

	/**
	 * What follows a recorded step.
	 *
	 * @param next the run to execute on at once
	 * @param finished the run's end status when it ended
	 * @param at when it ended
	 */
	record After(ClaimedRun next, RunStatus finished, Instant at) {

		static final After NOTHING = new After(null, null, null);

		static After next(ClaimedRun run) {
			return new After(run, null, null);
		}

		static After finished(RunStatus status, Instant at) {
			return new After(null, status, at);
		}

	}

}
