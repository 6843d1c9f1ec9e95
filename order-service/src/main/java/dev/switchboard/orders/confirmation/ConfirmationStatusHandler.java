package dev.switchboard.orders.confirmation;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.kafka.ConsumedEvent;
import dev.switchboard.events.kafka.EventHandler;
import dev.switchboard.events.messaging.MessageStatusChanged;
import dev.switchboard.events.outbox.Inbox;
import dev.switchboard.orders.order.Order;
import dev.switchboard.orders.order.OrderChanges;
import dev.switchboard.orders.order.OrderStateMachine;
import dev.switchboard.orders.order.OrderStatus;
import dev.switchboard.orders.order.OrderStore;
import dev.switchboard.orders.tasks.OrderTasks;
import dev.switchboard.orders.tasks.TaskKind;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Confirms an order when messaging reports its latest confirmation {@code sent} (or any
 * later delivery status), fails it on {@code failed}. Statuses of other messages, of an
 * older attempt, or arriving twice change nothing.
 */
@Component
class ConfirmationStatusHandler implements EventHandler<MessageStatusChanged> {

	private static final Logger log = LoggerFactory.getLogger(ConfirmationStatusHandler.class);

	private static final Set<String> DELIVERED = Set.of("sent", "delivered", "read", "played");

	private final Inbox inbox;

	private final OrderStore orders;

	private final OrderChanges changes;

	private final OrderTasks tasks;

	private final TransactionalOperator transactions;

	private final MeterRegistry meters;

	ConfirmationStatusHandler(Inbox inbox, OrderStore orders, OrderChanges changes, OrderTasks tasks,
			TransactionalOperator transactions, MeterRegistry meters) {
		this.inbox = inbox;
		this.orders = orders;
		this.changes = changes;
		this.tasks = tasks;
		this.transactions = transactions;
		this.meters = meters;
	}

	@Override
	public Mono<Void> handle(ConsumedEvent<MessageStatusChanged> consumed) {
		EventEnvelope<MessageStatusChanged> event = consumed.event();
		MessageStatusChanged status = event.data();
		this.meters.counter("switchboard.orders.message.statuses", "status", String.valueOf(status.status()))
			.increment();
		Optional<OrderStatus> target = target(status.status());
		Optional<UUID> messageId = uuid(status.messageId());
		if (target.isEmpty() || messageId.isEmpty()) {
			return Mono.empty();
		}
		// Most statuses are about other messages: only a confirmation's status is
		// recorded.
		Mono<Void> work = this.orders.lockByConfirmation(event.tenantId(), messageId.get())
			.flatMap((order) -> this.inbox.firstDelivery(MessageStatusListener.GROUP, event.id(), event.tenantId())
				.filter(Boolean::booleanValue)
				.flatMap((first) -> apply(order, target.get(), status, event.correlationId())))
			.then();
		return this.transactions.transactional(work);
	}

	private Mono<Order> apply(Order order, OrderStatus target, MessageStatusChanged status, String correlationId) {
		if (order.status() == target || !OrderStateMachine.allows(order.status(), target)) {
			log.debug("Order {} stays {} on message status {}", order.id(), order.status().value(), status.status());
			return Mono.empty();
		}
		String reason = (target == OrderStatus.CONFIRM_FAILED) ? failure(status) : null;
		return this.tasks.cancel(order.id(), TaskKind.CONFIRMATION_WATCH)
			.then(this.changes.change(order, target, reason, (o) -> o, correlationId));
	}

	private static String failure(MessageStatusChanged status) {
		StringBuilder reason = new StringBuilder("The confirmation could not be sent");
		if (status.errorCode() != null) {
			reason.append(": error ").append(status.errorCode());
		}
		if (status.errorTitle() != null) {
			reason.append((status.errorCode() != null) ? " " : ": ").append(status.errorTitle());
		}
		return reason.toString();
	}

	private static Optional<OrderStatus> target(String status) {
		if (status == null) {
			return Optional.empty();
		}
		if (DELIVERED.contains(status)) {
			return Optional.of(OrderStatus.CONFIRMED);
		}
		return "failed".equals(status) ? Optional.of(OrderStatus.CONFIRM_FAILED) : Optional.empty();
	}

	private static Optional<UUID> uuid(String value) {
		try {
			return Optional.ofNullable(value).map(UUID::fromString);
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
