package dev.switchboard.orders.intake;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.switchboard.events.orders.OrderReceived;
import dev.switchboard.orders.order.Branches;
import dev.switchboard.orders.order.Order;
import dev.switchboard.orders.order.OrderStatus;

/**
 * A Vizi {@code {form, order}} body as an order. Nothing is defaulted into existence: a
 * missing or invalid phone, e-mail, amount, currency or branch makes the order
 * {@code rejected} with every reason, and the order is kept.
 */
final class ViziOrders {

	static final Set<String> BRANCHES = Branches.ALL;

	private static final Set<String> NOT_URGENT = Set.of("none", "");

	private ViziOrders() {
	}

	/** The order the event describes, received or rejected. */
	static Order parse(String tenantId, OrderReceived received, Instant now) {
		Map<String, Object> payload = (received.payload() != null) ? received.payload() : Map.of();
		Map<String, Object> order = map(payload.get("order"));
		Map<String, Object> form = map(payload.get("form"));
		Map<String, Object> client = map(form.get("client"));
		Map<String, Object> phone = map(client.get("phone"));
		Map<String, Object> product = map(form.get("product"));
		List<String> problems = new ArrayList<>();

		String branch = lower(firstText(received.branch(), text(order, "branch")));
		if (branch == null) {
			problems.add("order.branch is missing");
			branch = "unknown";
		}
		else if (!BRANCHES.contains(branch)) {
			problems.add("order.branch '" + branch + "' is not a known branch");
		}
		String name = blankToNull(text(client, "name"));
		if (name == null) {
			problems.add("form.client.name is missing");
		}
		String email = blankToNull(text(client, "email"));
		if (email == null || !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
			problems.add("form.client.email is missing or not an e-mail address");
			email = (email != null && email.length() <= 320) ? email : null;
		}
		String e164 = PhoneNumbers.e164(text(phone, "code"), text(phone, "number")).orElse(null);
		if (e164 == null) {
			problems.add("form.client.phone is missing or not a valid phone number");
		}
		BigDecimal amount = decimal(order.get("amount"));
		if (amount == null || amount.signum() < 0) {
			problems.add("order.amount is missing or negative");
		}
		String currency = currency(text(order, "currency"));
		if (currency == null) {
			problems.add("order.currency is missing or not an ISO 4217 code");
		}
		boolean consent = Boolean.TRUE.equals(client.get("whatsappAlertsEnabled"));
		String urgency = lower(text(form, "urgency"));
		boolean urgent = urgency != null && !NOT_URGENT.contains(urgency);

		Map<String, Object> details = new LinkedHashMap<>();
		putIfPresent(details, "formId", firstText(text(order, "form_id"), text(form, "id")));
		putIfPresent(details, "domain", text(order, "domain"));
		putIfPresent(details, "paymentProcessor", text(order, "payment_processor"));
		putIfPresent(details, "paymentId", text(order, "payment_id"));
		putIfPresent(details, "sourceStatus", text(order, "status"));
		putIfPresent(details, "coupon", text(map(order.get("coupon")), "code"));
		putIfPresent(details, "product", text(product, "name"));
		putIfPresent(details, "docType", lower(text(product, "docType")));
		putIfPresent(details, "docName", text(product, "docName"));
		putIfPresent(details, "intent", lower(text(product, "intent")));
		putIfPresent(details, "entries", lower(text(product, "entries")));
		putIfPresent(details, "validity", lower(text(product, "validity")));
		putIfPresent(details, "processingDays", integer(product.get("wait")));
		putIfPresent(details, "stayLimit", integer(product.get("stay_limit")));
		putIfPresent(details, "quantity", integer(form.get("quantity")));
		putIfPresent(details, "urgency", urgency);
		putIfPresent(details, "entryDate", text(map(form.get("entry")), "date"));

		OrderStatus status = problems.isEmpty() ? OrderStatus.RECEIVED : OrderStatus.REJECTED;
		String reason = problems.isEmpty() ? null : String.join("; ", problems);
		Instant receivedAt = (received.receivedAt() != null) ? received.receivedAt() : now;
		return new Order(orderId(tenantId, received.source(), received.externalOrderId()), tenantId, received.source(),
				received.externalOrderId(), branch, status, reason, 1, urgent, name, email, e164, consent, amount,
				currency, lower(firstText(text(form, "country"), text(product, "country"))), details, null, 0, null,
				null, null, receivedAt.truncatedTo(java.time.temporal.ChronoUnit.MICROS), now);
	}

	/** The platform id of a source's order: the same for every delivery of it. */
	static UUID orderId(String tenantId, String source, String externalOrderId) {
		return UUID.nameUUIDFromBytes(("order:" + tenantId + ":" + source + ":" + externalOrderId)
			.getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	private static String currency(String code) {
		if (code == null || code.isBlank()) {
			return null;
		}
		try {
			return Currency.getInstance(code.strip().toUpperCase(Locale.ROOT)).getCurrencyCode();
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static BigDecimal decimal(Object value) {
		if (value instanceof Number || value instanceof String) {
			try {
				return new BigDecimal(value.toString().strip()).setScale(2, RoundingMode.HALF_UP);
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}
		return null;
	}

	private static Integer integer(Object value) {
		if (value instanceof Number number) {
			return number.intValue();
		}
		if (value instanceof String text && text.strip().matches("-?\\d{1,9}")) {
			return Integer.parseInt(text.strip());
		}
		return null;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (value instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
	}

	private static String text(Map<String, Object> map, String name) {
		Object value = map.get(name);
		return (value instanceof String || value instanceof Number || value instanceof Boolean) ? value.toString()
				: null;
	}

	private static String firstText(String first, String second) {
		return (first != null && !first.isBlank()) ? first : blankToNull(second);
	}

	private static String blankToNull(String value) {
		return (value != null && !value.isBlank()) ? value.strip() : null;
	}

	private static String lower(String value) {
		return (value != null && !value.isBlank()) ? value.strip().toLowerCase(Locale.ROOT) : null;
	}

	private static void putIfPresent(Map<String, Object> map, String name, Object value) {
		Optional.ofNullable(value).ifPresent((present) -> map.put(name, present));
	}

}
