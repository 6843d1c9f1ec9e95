package dev.switchboard.orders.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The full state of an order, as stored and as carried by every {@code OrderChanged}
 * event (see {@link #toSnapshot()}).
 *
 * @param id platform order id, name-based on tenant, source and external id
 * @param tenantId owning tenant
 * @param source order source, e.g. {@code vizi}
 * @param externalOrderId the source's order id
 * @param branch selling branch, lower case
 * @param status lifecycle status
 * @param reason the last failure or rejection reasons, may be null
 * @param sequence sequence number of the last order event
 * @param urgent the customer paid for speed: handled ahead of other work
 * @param customerName customer's full name, may be null when rejected
 * @param customerEmail customer's e-mail, may be null when rejected
 * @param customerPhone E.164 phone, null when missing or invalid
 * @param whatsappAlerts the customer's consent to WhatsApp messages
 * @param amount amount paid, may be null when rejected
 * @param currency ISO 4217 code, upper case, may be null when rejected
 * @param country destination key, e.g. {@code india}
 * @param details further order data: product, quantity, processing days, entry date, ...
 * @param cbbContactId CBB contact id once synced
 * @param confirmationAttempt how many confirmations were requested (0 = none)
 * @param confirmationMessageId message id of the latest confirmation request
 * @param confirmationChannelId channel of the latest confirmation request
 * @param confirmationRequestedAt when the latest confirmation was requested
 * @param receivedAt when the source's order reached the platform
 * @param updatedAt time of the last change
 */
public record Order(UUID id, String tenantId, String source, String externalOrderId, String branch, OrderStatus status,
		String reason, long sequence, boolean urgent, String customerName, String customerEmail, String customerPhone,
		boolean whatsappAlerts, BigDecimal amount, String currency, String country, Map<String, Object> details,
		String cbbContactId, int confirmationAttempt, UUID confirmationMessageId, String confirmationChannelId,
		Instant confirmationRequestedAt, Instant receivedAt, Instant updatedAt) {

	public Order {
		details = (details != null) ? Map.copyOf(details) : Map.of();
	}

	public Order withStatus(OrderStatus status, String reason, long sequence, Instant at) {
		return new Order(this.id, this.tenantId, this.source, this.externalOrderId, this.branch, status, reason,
				sequence, this.urgent, this.customerName, this.customerEmail, this.customerPhone, this.whatsappAlerts,
				this.amount, this.currency, this.country, this.details, this.cbbContactId, this.confirmationAttempt,
				this.confirmationMessageId, this.confirmationChannelId, this.confirmationRequestedAt, this.receivedAt,
				at);
	}

	public Order withCbbContact(String contactId) {
		return new Order(this.id, this.tenantId, this.source, this.externalOrderId, this.branch, this.status,
				this.reason, this.sequence, this.urgent, this.customerName, this.customerEmail, this.customerPhone,
				this.whatsappAlerts, this.amount, this.currency, this.country, this.details, contactId,
				this.confirmationAttempt, this.confirmationMessageId, this.confirmationChannelId,
				this.confirmationRequestedAt, this.receivedAt, this.updatedAt);
	}

	public Order withConfirmation(int attempt, UUID messageId, String channelId, Instant requestedAt) {
		return new Order(this.id, this.tenantId, this.source, this.externalOrderId, this.branch, this.status,
				this.reason, this.sequence, this.urgent, this.customerName, this.customerEmail, this.customerPhone,
				this.whatsappAlerts, this.amount, this.currency, this.country, this.details, this.cbbContactId, attempt,
				messageId, channelId, requestedAt, this.receivedAt, this.updatedAt);
	}

	/** A detail as text, null when absent. */
	public String detail(String name) {
		Object value = this.details.get(name);
		return (value != null) ? value.toString() : null;
	}

	/** The state as plain JSON values (amount as a decimal string to keep its scale). */
	public Map<String, Object> toSnapshot() {
		Map<String, Object> snapshot = new LinkedHashMap<>();
		snapshot.put("id", this.id.toString());
		snapshot.put("tenantId", this.tenantId);
		snapshot.put("source", this.source);
		snapshot.put("externalOrderId", this.externalOrderId);
		snapshot.put("branch", this.branch);
		snapshot.put("status", this.status.value());
		snapshot.put("reason", this.reason);
		snapshot.put("sequence", this.sequence);
		snapshot.put("urgent", this.urgent);
		snapshot.put("customerName", this.customerName);
		snapshot.put("customerEmail", this.customerEmail);
		snapshot.put("customerPhone", this.customerPhone);
		snapshot.put("whatsappAlerts", this.whatsappAlerts);
		snapshot.put("amount", (this.amount != null) ? this.amount.toPlainString() : null);
		snapshot.put("currency", this.currency);
		snapshot.put("country", this.country);
		snapshot.put("details", this.details);
		snapshot.put("cbbContactId", this.cbbContactId);
		snapshot.put("confirmationAttempt", this.confirmationAttempt);
		snapshot.put("confirmationMessageId",
				(this.confirmationMessageId != null) ? this.confirmationMessageId.toString() : null);
		snapshot.put("confirmationChannelId", this.confirmationChannelId);
		snapshot.put("confirmationRequestedAt",
				(this.confirmationRequestedAt != null) ? this.confirmationRequestedAt.toString() : null);
		snapshot.put("receivedAt", this.receivedAt.toString());
		snapshot.put("updatedAt", this.updatedAt.toString());
		return snapshot;
	}

	/** The order a snapshot describes. */
	@SuppressWarnings("unchecked")
	public static Order fromSnapshot(Map<String, Object> snapshot) {
		return new Order(UUID.fromString(text(snapshot, "id")), text(snapshot, "tenantId"), text(snapshot, "source"),
				text(snapshot, "externalOrderId"), text(snapshot, "branch"), OrderStatus.of(text(snapshot, "status")),
				text(snapshot, "reason"), ((Number) snapshot.get("sequence")).longValue(),
				Boolean.TRUE.equals(snapshot.get("urgent")), text(snapshot, "customerName"),
				text(snapshot, "customerEmail"), text(snapshot, "customerPhone"),
				Boolean.TRUE.equals(snapshot.get("whatsappAlerts")), decimal(text(snapshot, "amount")),
				text(snapshot, "currency"), text(snapshot, "country"), (Map<String, Object>) snapshot.get("details"),
				text(snapshot, "cbbContactId"), ((Number) snapshot.getOrDefault("confirmationAttempt", 0)).intValue(),
				uuid(text(snapshot, "confirmationMessageId")), text(snapshot, "confirmationChannelId"),
				instant(text(snapshot, "confirmationRequestedAt")), instant(text(snapshot, "receivedAt")),
				instant(text(snapshot, "updatedAt")));
	}

	private static String text(Map<String, Object> snapshot, String name) {
		Object value = snapshot.get(name);
		return (value != null) ? value.toString() : null;
	}

	private static BigDecimal decimal(String value) {
		return (value != null) ? new BigDecimal(value) : null;
	}

	private static UUID uuid(String value) {
		return (value != null) ? UUID.fromString(value) : null;
	}

	private static Instant instant(String value) {
		return (value != null) ? Instant.parse(value) : null;
	}

}
