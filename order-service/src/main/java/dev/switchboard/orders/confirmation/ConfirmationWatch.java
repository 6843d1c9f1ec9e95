package dev.switchboard.orders.confirmation;

import java.util.Set;

import dev.switchboard.orders.order.Order;
import dev.switchboard.orders.order.OrderChanges;
import dev.switchboard.orders.order.OrderStatus;
import dev.switchboard.orders.order.OrderStore;
import dev.switchboard.orders.order.Times;
import dev.switchboard.orders.tasks.OrderTasks;
import dev.switchboard.orders.tasks.OrderTasks.Task;
import dev.switchboard.orders.tasks.TaskHandler;
import dev.switchboard.orders.tasks.TaskKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Recovers stuck confirmations: a requested confirmation without any status after the
 * configured time is published again, as the very same command (same message id and
 * idempotency key, so messaging sends it at most once); after the last re-publish the
 * order becomes {@code confirm_failed}.
 */
@Component
class ConfirmationWatch implements TaskHandler {

	private static final Logger log = LoggerFactory.getLogger(ConfirmationWatch.class);

	private static final Set<OrderStatus> AWAITING = Set.of(OrderStatus.RECEIVED, OrderStatus.SYNCED,
			OrderStatus.CONFIRM_FAILED);

	private final OrderStore orders;

	private final OrderChanges changes;

	private final OrderTasks tasks;

	private final Confirmations confirmations;

	private final ConfirmationProperties properties;

	private final TransactionalOperator transactions;

	ConfirmationWatch(OrderStore orders, OrderChanges changes, OrderTasks tasks, Confirmations confirmations,
			ConfirmationProperties properties, TransactionalOperator transactions) {
		this.orders = orders;
		this.changes = changes;
		this.tasks = tasks;
		this.confirmations = confirmations;
		this.properties = properties;
		this.transactions = transactions;
	}

	@Override
	public TaskKind kind() {
		return TaskKind.CONFIRMATION_WATCH;
	}

	@Override
	public Mono<Void> run(Task task) {
		Mono<Void> work = this.orders.lock(task.tenantId(), task.orderId())
			.flatMap((order) -> check(task, order))
			.switchIfEmpty(this.tasks.cancel(task.orderId(), TaskKind.CONFIRMATION_WATCH).then(Mono.empty()))
			.then();
		return this.transactions.transactional(work);
	}

	private Mono<Order> check(Task task, Order order) {
		if (!AWAITING.contains(order.status()) || order.confirmationMessageId() == null) {
			return this.tasks.cancel(order.id(), TaskKind.CONFIRMATION_WATCH).thenReturn(order);
		}
		if (task.attempts() > this.properties.maxRepublishes()) {
			return this.tasks.cancel(order.id(), TaskKind.CONFIRMATION_WATCH)
				.then(this.changes.change(order, OrderStatus.CONFIRM_FAILED,
						"No status from messaging for the confirmation after " + this.properties.maxRepublishes()
								+ " re-publishes",
						(o) -> o, null));
		}
		log.info("Confirmation {} of order {} has no status yet: publishing the same command again",
				order.confirmationMessageId(), order.id());
		return this.confirmations.publish(order, null)
			.then(this.tasks.postpone(order.id(), TaskKind.CONFIRMATION_WATCH,
					Times.now().plus(this.properties.stuckAfter())))
			.thenReturn(order);
	}

}
