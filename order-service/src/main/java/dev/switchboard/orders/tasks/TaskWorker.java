package dev.switchboard.orders.tasks;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.switchboard.events.kafka.PeriodicSweep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs due order tasks, most urgent first: woken by newly scheduled tasks and, for
 * delayed ones, by a short poll. Claims are leases, so several instances share the work
 * and a crashed one's tasks are picked up again. While PostgreSQL is unavailable each
 * poll fails: the outage is logged once when it starts and once when it ends.
 */
@Component
class TaskWorker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(TaskWorker.class);

	private final OrderTasks tasks;

	private final TaskWorkerSettings settings;

	private final Map<TaskKind, TaskHandler> handlers = new EnumMap<>(TaskKind.class);

	private final PeriodicSweep rounds;

	TaskWorker(OrderTasks tasks, TaskWorkerSettings settings, List<TaskHandler> handlers) {
		this.tasks = tasks;
		this.settings = settings;
		handlers.forEach((handler) -> this.handlers.put(handler.kind(), handler));
		this.rounds = new PeriodicSweep(log, "Order task worker", settings.pollInterval(),
				PeriodicSweep.DEFAULT_STOP_TIMEOUT, tasks.schedules(), this::drain);
	}

	@Override
	public void start() {
		this.rounds.start();
	}

	/** Claims and works batches until a batch comes back smaller than the batch size. */
	Mono<Void> drain() {
		return this.tasks.claimDue(this.settings.batchSize(), this.settings.lease())
			.flatMap((task) -> run(task).thenReturn(1), this.settings.concurrency())
			.count()
			.flatMap((count) -> (count >= this.settings.batchSize()) ? drain() : Mono.empty());
	}

	private Mono<Void> run(OrderTasks.Task task) {
		TaskHandler handler = this.handlers.get(task.kind());
		if (handler == null) {
			return Mono.empty();
		}
		return handler.run(task).onErrorResume((ex) -> {
			log.warn("Order task {} of order {} failed, retried after its lease: {}", task.kind(), task.orderId(),
					ex.toString());
			return Mono.empty();
		});
	}

	@Override
	public void stop() {
		this.rounds.stop();
	}

	/**
	 * Lets the tasks in flight finish (a task cut off would run again after its lease),
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

}
