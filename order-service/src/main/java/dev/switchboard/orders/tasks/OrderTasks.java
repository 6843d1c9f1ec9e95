package dev.switchboard.orders.tasks;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;

/**
 * Work due on orders, stored with the change that made it due: a saga step survives a
 * restart and runs on whichever instance claims it first. Lower priority values run
 * first.
 */
@Component
public class OrderTasks {

	private final DatabaseClient database;

	private final Sinks.Many<Boolean> scheduled = Sinks.many().multicast().directBestEffort();

	OrderTasks(DatabaseClient database) {
		this.database = database;
	}

	/**
	 * Schedules (or reschedules) a task; call inside the transaction of the change that
	 * makes it due.
	 */
	public Mono<Void> schedule(String tenantId, UUID orderId, TaskKind kind, Priority priority, Instant dueAt) {
		return this.database.sql("""
				INSERT INTO order_tasks (order_id, kind, tenant_id, priority, due_at)
				VALUES (:orderId, :kind, :tenantId, :priority, :dueAt)
				ON CONFLICT (order_id, kind) DO UPDATE SET priority = LEAST(order_tasks.priority, EXCLUDED.priority),
				    due_at = EXCLUDED.due_at, attempts = 0
				""")
			.bind("orderId", orderId)
			.bind("kind", kind.value())
			.bind("tenantId", tenantId)
			.bind("priority", (short) priority.value())
			.bind("dueAt", dueAt)
			.then()
			.then(wakeAfterCommit());
	}

	/** Removes a task (done, or no longer wanted). */
	public Mono<Void> cancel(UUID orderId, TaskKind kind) {
		return this.database.sql("DELETE FROM order_tasks WHERE order_id = :orderId AND kind = :kind")
			.bind("orderId", orderId)
			.bind("kind", kind.value())
			.then();
	}

	/**
	 * Claims due tasks, most urgent first, by pushing their due time a lease ahead: a
	 * claimer that dies leaves them to be claimed again after the lease.
	 */
	Flux<Task> claimDue(int limit, Duration lease) {
		return this.database.sql("""
				UPDATE order_tasks SET due_at = now() + make_interval(secs => :lease), attempts = attempts + 1
				WHERE (order_id, kind) IN (
				    SELECT order_id, kind FROM order_tasks WHERE due_at <= now()
				    ORDER BY priority, due_at LIMIT :limit FOR UPDATE SKIP LOCKED)
				RETURNING order_id, kind, tenant_id, priority, attempts
				""")
			.bind("lease", (double) lease.toMillis() / 1000.0)
			.bind("limit", limit)
			.map((row) -> new Task(row.get("order_id", UUID.class), TaskKind.of(row.get("kind", String.class)),
					row.get("tenant_id", String.class), row.get("priority", Short.class),
					row.get("attempts", Integer.class)))
			.all();
	}

	/** Pushes a claimed task back to a later time. */
	public Mono<Void> postpone(UUID orderId, TaskKind kind, Instant dueAt) {
		return this.database.sql("UPDATE order_tasks SET due_at = :dueAt WHERE order_id = :orderId AND kind = :kind")
			.bind("dueAt", dueAt)
			.bind("orderId", orderId)
			.bind("kind", kind.value())
			.then();
	}

	/** Signals of newly scheduled tasks, for a prompt worker. */
	Flux<Boolean> schedules() {
		return this.scheduled.asFlux();
	}

	private Mono<Void> wakeAfterCommit() {
		return TransactionSynchronizationManager.forCurrentTransaction()
			.doOnNext((transaction) -> transaction.registerSynchronization(new TransactionSynchronization() {
				@Override
				public Mono<Void> afterCommit() {
					return Mono.fromRunnable(OrderTasks.this::wake);
				}
			}))
			.onErrorResume(NoTransactionException.class, (ex) -> Mono.fromRunnable(this::wake))
			.then();
	}

	private void wake() {
		this.scheduled.tryEmitNext(Boolean.TRUE);
	}

	/**
	 * A claimed task.
	 *
	 * @param orderId the order
	 * @param kind what to do
	 * @param tenantId the order's tenant
	 * @param priority its priority value
	 * @param attempts claims so far, this one included
	 */
	public record Task(UUID orderId, TaskKind kind, String tenantId, short priority, int attempts) {
	}

}
