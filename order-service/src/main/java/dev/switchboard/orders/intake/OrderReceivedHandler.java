package dev.switchboard.orders.intake;

import java.time.Instant;
import java.util.Currency;
import java.util.Map;
import java.util.Optional;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.kafka.ConsumedEvent;
import dev.switchboard.events.kafka.EventHandler;
import dev.switchboard.events.orders.OrderReceived;
import dev.switchboard.orders.confirmation.Confirmations.Plan;
import dev.switchboard.orders.confirmation.Confirmations;
import dev.switchboard.orders.order.ArrivedPayload;
import dev.switchboard.orders.order.Order;
import dev.switchboard.orders.order.OrderChanges;
import dev.switchboard.orders.order.OrderStatus;
import dev.switchboard.orders.order.Times;
import dev.switchboard.orders.sync.SyncProperties;
import dev.switchboard.orders.tasks.OrderTasks;
import dev.switchboard.orders.tasks.Priority;
import dev.switchboard.orders.tasks.TaskKind;
import dev.switchboard.orders.tenants.OrderTenantProperties.TenantOrders;
import dev.switchboard.orders.tenants.OrderTenantProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Turns {@code orders.received.v1} into orders. One transaction per event: the order with
 * its first history entry and raw payload (one statement), its first event, and the next
 * step (a delayed CBB sync, or the confirmation command for branches without sync).
 * <p>
 * A repeat or replay changes nothing: the order's id is derived from tenant, source and
 * external id, so the insert finds the order already there and nothing else is written.
 * That is why intake needs no inbox row of its own (the contract requires the external
 * id).
 */
@Component
class OrderReceivedHandler implements EventHandler<OrderReceived> {

	static final String CONSUMER_GROUP = "order-service.intake";

	private static final String TEST_ORDER_SUFFIX = "-TEST";

	private static final Logger log = LoggerFactory.getLogger(OrderReceivedHandler.class);

	private final OrderChanges changes;

	private final Confirmations confirmations;

	private final OrderTasks tasks;

	private final OrderTenantProperties tenants;

	private final SyncProperties sync;

	private final TransactionalOperator transactions;

	OrderReceivedHandler(OrderChanges changes, Confirmations confirmations, OrderTasks tasks,
			OrderTenantProperties tenants, SyncProperties sync, TransactionalOperator transactions) {
		this.changes = changes;
		this.confirmations = confirmations;
		this.tasks = tasks;
		this.tenants = tenants;
		this.sync = sync;
		this.transactions = transactions;
		PhoneNumbers.warmUp();
		// The currency table is read from a file on first use: not on an event loop.
		Currency.getInstance("ILS");
	}

	@Override
	public Mono<Void> handle(ConsumedEvent<OrderReceived> consumed) {
		EventEnvelope<OrderReceived> event = consumed.event();
		OrderReceived received = event.data();
		if (received.externalOrderId() != null && received.externalOrderId().endsWith(TEST_ORDER_SUFFIX)) {
			log.info("Acknowledged test order {} of tenant {} without processing it", received.externalOrderId(),
					event.tenantId());
			return Mono.empty();
		}
		return this.transactions.transactional(Mono.defer(() -> store(event))).then();
	}

	private Mono<Order> store(EventEnvelope<OrderReceived> event) {
		Instant now = Times.now();
		Order order = ViziOrders.parse(event.tenantId(), event.data(), now);
		ArrivedPayload arrived = new ArrivedPayload(event.id(),
				(event.data().payload() != null) ? event.data().payload() : Map.of());
		String correlationId = event.correlationId();
		if (order.status() == OrderStatus.REJECTED) {
			log.info("Order {} of tenant {} rejected: {}", order.externalOrderId(), order.tenantId(), order.reason());
			return this.changes.create(order, arrived, correlationId);
		}
		Optional<TenantOrders> tenant = this.tenants.tenant(order.tenantId());
		if (tenant.isPresent() && tenant.get().syncs(order.branch())) {
			return this.changes.create(order, arrived, correlationId)
				.flatMap((created) -> this.tasks
					.schedule(created.tenantId(), created.id(), TaskKind.SYNC, Priority.of(created.urgent()),
							now.plus(this.sync.delay()))
					.thenReturn(created));
		}
		return confirm(order, arrived, now, correlationId);
	}

	/** Branches without sync are confirmed right away, in the same transaction. */
	private Mono<Order> confirm(Order order, ArrivedPayload arrived, Instant now, String correlationId) {
		Plan plan = this.confirmations.plan(order, now);
		if (plan.sends()) {
			return this.changes.create(plan.order(), arrived, correlationId)
				.flatMap((created) -> this.confirmations.request(created, correlationId).thenReturn(created));
		}
		if (!plan.failed()) {
			return this.changes.create(order.withStatus(OrderStatus.RECEIVED, plan.reason(), 1, now), arrived,
					correlationId);
		}
		return this.changes.create(order, arrived, correlationId)
			.flatMap((created) -> this.changes.change(created, OrderStatus.CONFIRM_FAILED, plan.reason(), (o) -> o,
					correlationId));
	}

}
