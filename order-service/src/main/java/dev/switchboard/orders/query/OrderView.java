package dev.switchboard.orders.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

import dev.switchboard.orders.order.Order;

/**
 * An order as the API shows it.
 *
 * @param id platform order id
 * @param source order source
 * @param externalOrderId the source's order id
 * @param branch selling branch
 * @param status lifecycle status
 * @param reason last failure or rejection reasons
 * @param urgent handled ahead of other orders
 * @param customer name, e-mail and E.164 phone of the customer
 * @param whatsappAlerts the customer's consent to WhatsApp messages
 * @param amount amount paid
 * @param currency ISO 4217 currency
 * @param country destination key
 * @param details product and further order data
 * @param cbbContactId CBB contact id once synced
 * @param confirmation the latest confirmation request, null before any
 * @param receivedAt when the order reached the platform
 * @param updatedAt time of the last change
 */
public record OrderView(String id, String source, String externalOrderId, String branch, String status, String reason,
		boolean urgent, Customer customer, boolean whatsappAlerts, BigDecimal amount, String currency, String country,
		Map<String, Object> details, String cbbContactId, Confirmation confirmation, Instant receivedAt,
		Instant updatedAt) {

	static OrderView of(Order order) {
		Confirmation confirmation = (order.confirmationMessageId() != null)
				? new Confirmation(order.confirmationAttempt(), order.confirmationMessageId().toString(),
						order.confirmationChannelId(), order.confirmationRequestedAt())
				: null;
		return new OrderView(order.id().toString(), order.source(), order.externalOrderId(), order.branch(),
				order.status().value(), order.reason(), order.urgent(),
				new Customer(order.customerName(), order.customerEmail(), order.customerPhone()),
				order.whatsappAlerts(), order.amount(), order.currency(), order.country(), order.details(),
				order.cbbContactId(), confirmation, order.receivedAt(), order.updatedAt());
	}

	/**
	 * The customer.
	 *
	 * @param name full name
	 * @param email e-mail address
	 * @param phone E.164 phone
	 */
	public record Customer(String name, String email, String phone) {
	}

	/**
	 * The latest confirmation request.
	 *
	 * @param attempt attempt number, from 1
	 * @param messageId the messaging message id
	 * @param channelId the channel it goes through
	 * @param requestedAt when it was requested
	 */
	public record Confirmation(int attempt, String messageId, String channelId, Instant requestedAt) {
	}

}
