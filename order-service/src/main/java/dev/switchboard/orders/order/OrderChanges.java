package dev.switchboard.orders.order;

import java.time.Instant;
import java.util.function.UnaryOperator;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.Uuids;
import dev.switchboard.events.orders.OrderChanged;
import dev.switchboard.events.outbox.Outbox;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The one way an order changes: the row, its history entry and the {@code OrderChanged}
 * event (through the outbox) are written together. Call inside a transaction.
 */
@Component
public class OrderChanges {

	private final OrderStore orders;

	private final OrderHistory history;

	private final Outbox outbox;

	OrderChanges(OrderStore orders, OrderHistory history, Outbox outbox) {
		this.orders = orders;
		this.history = history;
		this.outbox = outbox;
	}

	/**
	 * Stores a new order (sequence 1) with the payload it arrived with; empty when the
	 * tenant has it already from that source, in which case nothing is written.
	 */
	public Mono<Order> create(Order order, ArrivedPayload arrived, String correlationId) {
		return Mono.defer(() -> {
			EventEnvelope<OrderChanged> event = event(order, null, correlationId);
			return this.orders.insert(order, event.data(), arrived)
				.filter(Boolean::booleanValue)
				.flatMap((inserted) -> this.outbox.append(event, key(order)).thenReturn(order));
		});
	}

	/**
	 * Moves the order to a status (possibly the same one, for bookkeeping changes such as
	 * a resent confirmation) with a reason and further edits.
	 * @throws OrderStateMachine.IllegalTransitionException when the lifecycle forbids it
	 */
	public Mono<Order> change(Order current, OrderStatus to, String reason, UnaryOperator<Order> edits,
			String correlationId) {
		return Mono.defer(() -> {
			OrderStatus next = OrderStateMachine.move(current.status(), to);
			Order changed = edits.apply(current).withStatus(next, reason, current.sequence() + 1, Times.now());
			return this.orders.update(changed).then(recorded(changed, current.status(), correlationId));
		});
	}

	private Mono<Order> recorded(Order order, OrderStatus previous, String correlationId) {
		EventEnvelope<OrderChanged> event = event(order, previous, correlationId);
		return this.history.append(order.tenantId(), event.data())
			.then(this.outbox.append(event, key(order)))
			.thenReturn(order);
	}

	private EventEnvelope<OrderChanged> event(Order order, OrderStatus previous, String correlationId) {
		Instant at = order.updatedAt();
		OrderChanged change = new OrderChanged(order.id().toString(), order.source(), order.externalOrderId(),
				order.branch(), order.sequence(), order.status().value(), (previous != null) ? previous.value() : null,
				order.reason(), at, order.toSnapshot());
		// Not EventEnvelope.of: its random UUID may read the OS entropy pool on an event
		// loop.
		return new EventEnvelope<>(Uuids.random().toString(), EventType.ORDER_CHANGED_V1, this.outbox.source(),
				Instant.now(), order.id().toString(), order.tenantId(), correlationId, null, change);
	}

	/**
	 * Record key of an order's events: tenant and order id, as the topic catalog says.
	 */
	public static String key(Order order) {
		return order.tenantId() + ":" + order.id();
	}

}
