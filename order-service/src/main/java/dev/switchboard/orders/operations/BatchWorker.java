package dev.switchboard.orders.operations;

import java.time.Duration;
import java.util.UUID;

import dev.switchboard.events.kafka.OutageLog;
import dev.switchboard.orders.tasks.Priority;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Works running batch jobs one bounded chunk at a time, recording progress after each
 * chunk. The syncs a batch schedules run at bulk priority, behind new and urgent orders.
 * An outage of PostgreSQL is logged once when it starts and once when it ends.
 */
@Component
class BatchWorker implements SmartLifecycle {

	/** Orders per chunk. */
	static final int CHUNK = 50;

	private static final Duration INTERVAL = Duration.ofMillis(500);

	private static final Logger log = LoggerFactory.getLogger(BatchWorker.class);

	private final BatchJobs jobs;

	private final OrderOperations operations;

	private final OutageLog outages = new OutageLog(log, "Batch worker");

	private volatile Disposable running;

	BatchWorker(BatchJobs jobs, OrderOperations operations) {
		this.jobs = jobs;
		this.operations = operations;
	}

	@Override
	public void start() {
		this.running = Flux.interval(INTERVAL)
			.onBackpressureDrop()
			.concatMap((tick) -> this.jobs.running(10)
				.concatMap(this::step)
				.then()
				.doOnSuccess((done) -> this.outages.succeeded())
				.onErrorResume((ex) -> {
					this.outages.failed(ex);
					return Mono.empty();
				}), 1)
			.subscribe();
	}

	/** One chunk of one job. */
	Mono<Void> step(BatchJob job) {
		return this.jobs.chunk(job, CHUNK)
			.collectList()
			.flatMap((chunk) -> Flux.fromIterable(chunk)
				.concatMap((order) -> apply(job, order.id()))
				.filter(OrderOperations.Result::isAccepted)
				.count()
				.flatMap((affected) -> this.jobs.advance(job, chunk, affected.intValue(), chunk.size() < CHUNK)));
	}

	private Mono<OrderOperations.Result> apply(BatchJob job, UUID orderId) {
		return switch (job.operation()) {
			case RETRY_SYNC -> this.operations.retrySync(job.tenantId(), orderId, Priority.BULK);
			case RESEND_CONFIRMATION -> this.operations.resendConfirmation(job.tenantId(), orderId);
		};
	}

	@Override
	public void stop() {
		Disposable worker = this.running;
		if (worker != null) {
			worker.dispose();
		}
		this.running = null;
	}

	@Override
	public boolean isRunning() {
		return this.running != null;
	}

}
