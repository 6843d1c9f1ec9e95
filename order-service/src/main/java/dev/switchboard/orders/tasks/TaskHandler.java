package dev.switchboard.orders.tasks;

import reactor.core.publisher.Mono;

/** Does one kind of order task; the task is done when the handler cancelled it. */
public interface TaskHandler {

	TaskKind kind();

	/**
	 * Works on a claimed task. An error leaves the task to be claimed again after its
	 * lease.
	 */
	Mono<Void> run(OrderTasks.Task task);

}
