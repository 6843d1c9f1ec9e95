package dev.switchboard.orders.confirmation;

import java.util.List;
import java.util.Map;

import dev.switchboard.orders.order.Order;

/**
 * The Graph API template object of an order confirmation: eight body parameters in the
 * template's language.
 */
final class ConfirmationTemplate {

	private static final int DEFAULT_PROCESSING_DAYS = 3;

	private ConfirmationTemplate() {
	}

	/** {@code {name, language:{code}, components:[{type:body, parameters:[...]}]}}. */
	static Map<String, Object> content(String template, String language, Order order) {
		List<Map<String, Object>> parameters = parameters(order, language).stream()
			.map((text) -> Map.<String, Object>of("type", "text", "text", text))
			.toList();
		return Map.of("name", template, "language", Map.of("code", language), "components",
				List.of(Map.of("type", "body", "parameters", parameters)));
	}

	/**
	 * Customer name, destination, flag, order number, visa type, applicants, amount with
	 * currency, processing days.
	 */
	static List<String> parameters(Order order, String language) {
		Integer quantity = number(order.details().get("quantity"));
		Integer days = number(order.details().get("processingDays"));
		String amount = (order.amount() != null)
				? order.amount().stripTrailingZeros().toPlainString() + " " + order.currency() : "";
		return List.of(order.customerName(), Destinations.name(order.country(), language),
				Destinations.flag(order.country()), order.externalOrderId(),
				VisaTypes.phrase(order.detail("docType"), order.detail("intent"), order.detail("entries"),
						order.detail("validity"), language),
				String.valueOf((quantity != null && quantity > 0) ? quantity : 1), amount,
				String.valueOf((days != null && days > 0) ? days : DEFAULT_PROCESSING_DAYS));
	}

	private static Integer number(Object value) {
		return (value instanceof Number number) ? number.intValue() : null;
	}

}
