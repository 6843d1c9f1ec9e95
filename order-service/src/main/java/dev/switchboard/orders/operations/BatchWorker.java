package dev.switchboard.orders.operations;

import java.time.Duration;
import java.util.UUID;

import dev.switchboard.events.kafka.PeriodicSweep;
import dev.switchboard.orders.tasks.Priority;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

	private final PeriodicSweep sweeps;

	BatchWorker(BatchJobs jobs, OrderOperations operations) {
		this.jobs = jobs;
		this.operations = operations;
		this.sweeps = new PeriodicSweep(log, "Batch worker", INTERVAL,
				() -> this.jobs.running(10).concatMap(this::step).then());
	}

	@Override
	public void start() {
		this.sweeps.start();
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

}
