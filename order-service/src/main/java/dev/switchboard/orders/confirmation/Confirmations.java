package dev.switchboard.orders.confirmation;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.messaging.SendMessageCommand;
import dev.switchboard.events.outbox.Outbox;
import dev.switchboard.orders.order.Order;
import dev.switchboard.orders.tasks.OrderTasks;
import dev.switchboard.orders.tasks.Priority;
import dev.switchboard.orders.tasks.TaskKind;
import dev.switchboard.orders.tenants.OrderTenantProperties.TenantOrders;
import dev.switchboard.orders.tenants.OrderTenantProperties;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Asks messaging to send an order's confirmation template. The command has a message id
 * and idempotency key derived from the order and the attempt number, so publishing it
 * again (a replay, a relay retry, the stuck-send sweep) never sends twice; only an
 * operator's resend starts a new attempt.
 */
@Component
public class Confirmations {

	private final OrderTenantProperties tenants;

	private final ConfirmationProperties properties;

	private final Outbox outbox;

	private final OrderTasks tasks;

	Confirmations(OrderTenantProperties tenants, ConfirmationProperties properties, Outbox outbox, OrderTasks tasks) {
		this.tenants = tenants;
		this.properties = properties;
		this.outbox = outbox;
		this.tasks = tasks;
	}

	/** Whether and how the order can be confirmed now, as its next attempt. */
	public Plan plan(Order order, Instant now) {
		if (!order.whatsappAlerts()) {
			return Plan.skip("No confirmation: the customer did not opt in to WhatsApp alerts");
		}
		Optional<TenantOrders> tenant = this.tenants.tenant(order.tenantId());
		Optional<String> channel = tenant.flatMap((settings) -> settings.channel(order.branch()));
		if (channel.isEmpty()) {
			return Plan.fail("No confirmation channel is configured for branch " + order.branch());
		}
		int attempt = order.confirmationAttempt() + 1;
		return Plan.send(order.withConfirmation(attempt, messageId(order.id(), attempt), channel.get(), now));
	}

	/**
	 * Appends the send command of the order's current attempt and watches for its status.
	 * Call inside the transaction that stored the attempt.
	 */
	public Mono<Void> request(Order order, String correlationId) {
		return publish(order, correlationId)
			.then(this.tasks.schedule(order.tenantId(), order.id(), TaskKind.CONFIRMATION_WATCH,
					Priority.of(order.urgent()), order.confirmationRequestedAt().plus(this.properties.stuckAfter())));
	}

	/** Appends the same command again (same message id and idempotency key). */
	public Mono<Void> publish(Order order, String correlationId) {
		return Mono.defer(() -> {
			TenantOrders tenant = this.tenants.tenant(order.tenantId()).orElseThrow();
			String language = tenant.language(order.branch());
			String channelId = order.confirmationChannelId();
			String messageId = order.confirmationMessageId().toString();
			SendMessageCommand command = new SendMessageCommand(messageId, channelId, tenant.phoneNumberId(channelId),
					order.customerPhone(), "template", null, idempotencyKey(order),
					ConfirmationTemplate.content(tenant.template(), language, order), null);
			EventEnvelope<SendMessageCommand> event = new EventEnvelope<>(
					UUID.nameUUIDFromBytes(("send:" + messageId).getBytes(StandardCharsets.UTF_8)).toString(),
					EventType.MESSAGE_SEND_REQUESTED_V1, this.outbox.source(), Instant.now(), messageId,
					order.tenantId(), correlationId, null, command);
			return this.outbox.append(event, order.tenantId() + ":" + channelId);
		});
	}

	/** The message id of an order's confirmation attempt. */
	static UUID messageId(UUID orderId, int attempt) {
		return UUID
			.nameUUIDFromBytes(("order-confirmation:" + orderId + ":" + attempt).getBytes(StandardCharsets.UTF_8));
	}

	static String idempotencyKey(Order order) {
		return "order-confirmation:" + order.id() + ":" + order.confirmationAttempt();
	}

	/**
	 * What to do about a confirmation.
	 *
	 * @param order the order with the new attempt recorded, when there is one to send
	 * @param reason why nothing is sent, when nothing is
	 * @param failed whether not sending is a failure an operator should see
	 */
	public record Plan(Order order, String reason, boolean failed) {

		static Plan send(Order order) {
			return new Plan(order, null, false);
		}

		static Plan skip(String reason) {
			return new Plan(null, reason, false);
		}

		static Plan fail(String reason) {
			return new Plan(null, reason, true);
		}

		public boolean sends() {
			return this.order != null;
		}

	}

}
