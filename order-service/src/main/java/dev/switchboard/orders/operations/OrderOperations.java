package dev.switchboard.orders.operations;

import java.util.UUID;

import dev.switchboard.orders.confirmation.Confirmations;
import dev.switchboard.orders.confirmation.Confirmations.Plan;
import dev.switchboard.orders.order.Order;
import dev.switchboard.orders.order.OrderChanges;
import dev.switchboard.orders.order.OrderStateMachine;
import dev.switchboard.orders.order.OrderStatus;
import dev.switchboard.orders.order.OrderStore;
import dev.switchboard.orders.order.Times;
import dev.switchboard.orders.tasks.OrderTasks;
import dev.switchboard.orders.tasks.Priority;
import dev.switchboard.orders.tasks.TaskKind;
import dev.switchboard.orders.tenants.OrderTenantProperties;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * What an operator can do to an order: retry a failed contact sync, resend a failed
 * confirmation, complete or cancel it. Each runs in its own transaction and reports what
 * it did.
 */
@Component
public class OrderOperations {

	private final OrderStore orders;

	private final OrderChanges changes;

	private final OrderTasks tasks;

	private final Confirmations confirmations;

	private final OrderTenantProperties tenants;

	private final TransactionalOperator transactions;

	OrderOperations(OrderStore orders, OrderChanges changes, OrderTasks tasks, Confirmations confirmations,
			OrderTenantProperties tenants, TransactionalOperator transactions) {
		this.orders = orders;
		this.changes = changes;
		this.tasks = tasks;
		this.confirmations = confirmations;
		this.tenants = tenants;
		this.transactions = transactions;
	}

	/** Schedules the contact sync again for an order whose sync failed. */
	public Mono<Result> retrySync(String tenantId, UUID orderId, Priority priority) {
		Mono<Result> work = this.orders.lock(tenantId, orderId).flatMap((order) -> {
			if (order.status() != OrderStatus.SYNC_FAILED) {
				return Mono.just(Result.skipped(order, "only orders whose sync failed are synced again"));
			}
			boolean syncs = this.tenants.tenant(tenantId).map((tenant) -> tenant.syncs(order.branch())).orElse(false);
			if (!syncs) {
				return Mono.just(Result.skipped(order, "the order's branch does not sync to CBB"));
			}
			return this.tasks
				.schedule(tenantId, orderId, TaskKind.SYNC, order.urgent() ? Priority.URGENT : priority, Times.now())
				.thenReturn(Result.accepted(order));
		});
		return this.transactions.transactional(work).defaultIfEmpty(Result.notFound(orderId));
	}

	/** Requests a new confirmation attempt for an order whose confirmation failed. */
	public Mono<Result> resendConfirmation(String tenantId, UUID orderId) {
		Mono<Result> work = this.orders.lock(tenantId, orderId).flatMap((order) -> {
			if (order.status() != OrderStatus.CONFIRM_FAILED) {
				return Mono.just(Result.skipped(order, "only orders whose confirmation failed are resent"));
			}
			Plan plan = this.confirmations.plan(order, Times.now());
			if (!plan.sends()) {
				return Mono.just(Result.skipped(order, plan.reason()));
			}
			return this.changes
				.change(order, OrderStatus.CONFIRM_FAILED,
						"Confirmation resent by an operator (attempt " + plan.order().confirmationAttempt() + ")",
						(o) -> plan.order(), null)
				.flatMap((resent) -> this.confirmations.request(resent, null).thenReturn(Result.accepted(resent)));
		});
		return this.transactions.transactional(work).defaultIfEmpty(Result.notFound(orderId));
	}

	/**
	 * Moves an open order to {@code completed} or {@code cancelled}; pending work on it
	 * is dropped.
	 */
	public Mono<Result> close(String tenantId, UUID orderId, OrderStatus to, String reason) {
		Mono<Result> work = this.orders.lock(tenantId, orderId).flatMap((order) -> {
			if (!OrderStateMachine.allows(order.status(), to) || order.status() == to) {
				return Mono.just(Result.skipped(order,
						"an order in status " + order.status().value() + " cannot become " + to.value()));
			}
			return this.tasks.cancel(orderId, TaskKind.SYNC)
				.then(this.tasks.cancel(orderId, TaskKind.CONFIRMATION_WATCH))
				.then(this.changes.change(order, to, reason, (o) -> o, null))
				.map(Result::accepted);
		});
		return this.transactions.transactional(work).defaultIfEmpty(Result.notFound(orderId));
	}

	/**
	 * The outcome for one order.
	 *
	 * @param orderId the order
	 * @param outcome {@code accepted}, {@code skipped} or {@code not_found}
	 * @param status the order's status at the time
	 * @param message why it was skipped
	 */
	public record Result(String orderId, String outcome, String status, String message) {

		static Result accepted(Order order) {
			return new Result(order.id().toString(), "accepted", order.status().value(), null);
		}

		static Result skipped(Order order, String message) {
			return new Result(order.id().toString(), "skipped", order.status().value(), message);
		}

		static Result notFound(UUID orderId) {
			return new Result(orderId.toString(), "not_found", null, "No such order");
		}

		public boolean isAccepted() {
			return "accepted".equals(this.outcome);
		}

	}

}
