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
	/** Shown for a destination without a flag in the table. */
	static final String UNKNOWN_FLAG = "\uD83C\uDF10";

	/** Shown for a value the order does not give. */
	static final String NOT_GIVEN = "-";

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
		return List.of(shown(order.customerName(), NOT_GIVEN),
				shown(Destinations.name(order.country(), language), NOT_GIVEN),
				shown(Destinations.flag(order.country()), UNKNOWN_FLAG), shown(order.externalOrderId(), NOT_GIVEN),
				shown(VisaTypes.phrase(order.detail("docType"), order.detail("intent"), order.detail("entries"),
						order.detail("validity"), language), NOT_GIVEN),
				String.valueOf((quantity != null && quantity > 0) ? quantity : 1), shown(amount, NOT_GIVEN),
				String.valueOf((days != null && days > 0) ? days : DEFAULT_PROCESSING_DAYS));
	}

	/**
	 * Meta refuses a template text parameter that is empty, so a value the order does not
	 * give (a destination without a flag in the table, no amount) is shown as a stand-in.
	 */
	private static String shown(String value, String whenBlank) {
		return (value == null || value.isBlank()) ? whenBlank : value;
	}

	private static Integer number(Object value) {
		return (value instanceof Number number) ? number.intValue() : null;
	}

}
