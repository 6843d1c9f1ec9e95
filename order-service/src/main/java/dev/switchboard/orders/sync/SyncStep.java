package dev.switchboard.orders.sync;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import dev.switchboard.orders.confirmation.Confirmations;
import dev.switchboard.orders.confirmation.Confirmations.Plan;
import dev.switchboard.orders.order.Order;
import dev.switchboard.orders.order.OrderChanges;
import dev.switchboard.orders.order.OrderStatus;
import dev.switchboard.orders.order.OrderStore;
import dev.switchboard.orders.order.Times;
import dev.switchboard.orders.tasks.OrderTasks;
import dev.switchboard.orders.tasks.OrderTasks.Task;
import dev.switchboard.orders.tasks.TaskHandler;
import dev.switchboard.orders.tasks.TaskKind;
import dev.switchboard.orders.tenants.OrderTenantProperties;
import dev.switchboard.orders.tenants.OrderTenantProperties.CbbAccount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The contact sync step of the order saga: call CBB outside any transaction, then record
 * the outcome in one: {@code synced} plus the confirmation command, or
 * {@code sync_failed} with the reason.
 */
@Component
class SyncStep implements TaskHandler {

	private static final Logger log = LoggerFactory.getLogger(SyncStep.class);

	private static final Set<OrderStatus> SYNCABLE = Set.of(OrderStatus.RECEIVED, OrderStatus.SYNC_FAILED);

	private final OrderStore orders;

	private final OrderChanges changes;

	private final OrderTasks tasks;

	private final Confirmations confirmations;

	private final ContactSync contacts;

	private final OrderTenantProperties tenants;

	private final TransactionalOperator transactions;

	SyncStep(OrderStore orders, OrderChanges changes, OrderTasks tasks, Confirmations confirmations,
			ContactSync contacts, OrderTenantProperties tenants, TransactionalOperator transactions) {
		this.orders = orders;
		this.changes = changes;
		this.tasks = tasks;
		this.confirmations = confirmations;
		this.contacts = contacts;
		this.tenants = tenants;
		this.transactions = transactions;
	}

	@Override
	public TaskKind kind() {
		return TaskKind.SYNC;
	}

	@Override
	public Mono<Void> run(Task task) {
		return this.orders.find(task.tenantId(), task.orderId())
			.filter((order) -> SYNCABLE.contains(order.status()))
			.flatMap((order) -> outcome(order).flatMap((outcome) -> record(task, outcome)))
			.switchIfEmpty(this.tasks.cancel(task.orderId(), TaskKind.SYNC).then(Mono.empty()))
			.then();
	}

	private Mono<Outcome> outcome(Order order) {
		Optional<CbbAccount> account = this.tenants.tenant(order.tenantId())
			.map(OrderTenantProperties.TenantOrders::cbb);
		if (account.isEmpty()) {
			return Mono.just(Outcome.failed("No CBB account is configured for the tenant"));
		}
		return this.contacts.sync(account.get(), order).map(Outcome::synced).onErrorResume(CbbFailure.class, (ex) -> {
			log.info("Contact sync of order {} failed: {}", order.id(), ex.getMessage());
			return Mono.just(Outcome.failed(ex.getMessage()));
		});
	}

	private Mono<Order> record(Task task, Outcome outcome) {
		Mono<Order> work = this.orders.lock(task.tenantId(), task.orderId())
			.filter((order) -> SYNCABLE.contains(order.status()))
			.flatMap((order) -> (outcome.contactId() != null) ? synced(order, outcome.contactId())
					: this.changes.change(order, OrderStatus.SYNC_FAILED, outcome.reason(), (o) -> o, null))
			.flatMap((order) -> this.tasks.cancel(order.id(), TaskKind.SYNC).thenReturn(order));
		return this.transactions.transactional(work);
	}

	private Mono<Order> synced(Order order, String contactId) {
		Instant now = Times.now();
		Order withContact = order.withCbbContact(contactId);
		Plan plan = this.confirmations.plan(withContact, now);
		if (plan.sends()) {
			return this.changes.change(order, OrderStatus.SYNCED, null, (o) -> plan.order(), null)
				.flatMap((synced) -> this.confirmations.request(synced, null).thenReturn(synced));
		}
		Mono<Order> synced = this.changes.change(order, OrderStatus.SYNCED, plan.reason(), (o) -> withContact, null);
		return plan.failed()
				? synced.flatMap(
						(done) -> this.changes.change(done, OrderStatus.CONFIRM_FAILED, plan.reason(), (o) -> o, null))
				: synced;
	}

	/**
	 * What CBB said.
	 *
	 * @param contactId the contact id on success
	 * @param reason the failure otherwise
	 */
	private record Outcome(String contactId, String reason) {

		static Outcome synced(String contactId) {
			return new Outcome(contactId, null);
		}

		static Outcome failed(String reason) {
			return new Outcome(null, reason);
		}

	}

}
