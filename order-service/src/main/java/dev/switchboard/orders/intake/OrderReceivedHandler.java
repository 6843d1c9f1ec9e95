package dev.switchboard.orders.intake;

import java.time.Instant;
import java.util.Currency;
import java.util.Optional;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventJson;
import dev.switchboard.events.kafka.ConsumedEvent;
import dev.switchboard.events.kafka.EventHandler;
import dev.switchboard.events.orders.OrderReceived;
import dev.switchboard.events.outbox.Inbox;
import dev.switchboard.orders.confirmation.Confirmations.Plan;
import dev.switchboard.orders.confirmation.Confirmations;
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
import io.r2dbc.postgresql.codec.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Turns {@code orders.received.v1} into orders. One transaction per event: the inbox
 * entry, the order (idempotent on tenant, source and external id), its first event, its
 * raw payload, and the next step (a delayed CBB sync, or the confirmation command for
 * branches without sync). A repeat or replay changes nothing.
 */
@Component
class OrderReceivedHandler implements EventHandler<OrderReceived> {

	static final String CONSUMER_GROUP = "order-service.intake";

	private static final String TEST_ORDER_SUFFIX = "-TEST";

	private static final Logger log = LoggerFactory.getLogger(OrderReceivedHandler.class);

	private final Inbox inbox;

	private final OrderChanges changes;

	private final Confirmations confirmations;

	private final OrderTasks tasks;

	private final OrderTenantProperties tenants;

	private final SyncProperties sync;

	private final DatabaseClient database;

	private final TransactionalOperator transactions;

	OrderReceivedHandler(Inbox inbox, OrderChanges changes, Confirmations confirmations, OrderTasks tasks,
			OrderTenantProperties tenants, SyncProperties sync, DatabaseClient database,
			TransactionalOperator transactions) {
		this.inbox = inbox;
		this.changes = changes;
		this.confirmations = confirmations;
		this.tasks = tasks;
		this.tenants = tenants;
		this.sync = sync;
		this.database = database;
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
		Mono<Void> work = this.inbox.firstDelivery(CONSUMER_GROUP, event.id(), event.tenantId())
			.filter(Boolean::booleanValue)
			.flatMap((first) -> store(event))
			.then();
		return this.transactions.transactional(work);
	}

	private Mono<Order> store(EventEnvelope<OrderReceived> event) {
		Instant now = Times.now();
		Order order = ViziOrders.parse(event.tenantId(), event.data(), now);
		String correlationId = event.correlationId();
		Mono<Order> stored;
		if (order.status() == OrderStatus.REJECTED) {
			log.info("Order {} of tenant {} rejected: {}", order.externalOrderId(), order.tenantId(), order.reason());
			stored = this.changes.create(order, correlationId);
		}
		else {
			Optional<TenantOrders> tenant = this.tenants.tenant(order.tenantId());
			if (tenant.isPresent() && tenant.get().syncs(order.branch())) {
				stored = this.changes.create(order, correlationId)
					.flatMap((created) -> this.tasks
						.schedule(created.tenantId(), created.id(), TaskKind.SYNC, Priority.of(created.urgent()),
								now.plus(this.sync.delay()))
						.thenReturn(created));
			}
			else {
				stored = confirm(order, now, correlationId);
			}
		}
		return stored.flatMap((created) -> keepPayload(created, event).thenReturn(created));
	}

	/** Branches without sync are confirmed right away, in the same transaction. */
	private Mono<Order> confirm(Order order, Instant now, String correlationId) {
		Plan plan = this.confirmations.plan(order, now);
		if (plan.sends()) {
			return this.changes.create(plan.order(), correlationId)
				.flatMap((created) -> this.confirmations.request(created, correlationId).thenReturn(created));
		}
		if (!plan.failed()) {
			return this.changes.create(order.withStatus(OrderStatus.RECEIVED, plan.reason(), 1, now), correlationId);
		}
		return this.changes.create(order, correlationId)
			.flatMap((created) -> this.changes.change(created, OrderStatus.CONFIRM_FAILED, plan.reason(), (o) -> o,
					correlationId));
	}

	private Mono<Void> keepPayload(Order order, EventEnvelope<OrderReceived> event) {
		return this.database
			.sql("INSERT INTO order_payloads (order_id, tenant_id, event_id, payload, received_at) "
					+ "VALUES (:orderId, :tenantId, :eventId, :payload, :receivedAt) ON CONFLICT DO NOTHING")
			.bind("orderId", order.id())
			.bind("tenantId", order.tenantId())
			.bind("eventId", event.id())
			.bind("payload", Json.of(EventJson.write(event.data().payload())))
			.bind("receivedAt", order.receivedAt())
			.then();
	}

}
