package dev.switchboard.orders.sync;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import dev.switchboard.orders.confirmation.Destinations;
import dev.switchboard.orders.order.Order;

/**
 * The order attributes a CBB contact field can hold (the values of the tenant's field
 * mapping). Booleans are {@code 1}/{@code 0} and dates Unix seconds, as CBB stores them;
 * an attribute without a value leaves its field alone.
 */
enum CbbAttribute {

	CUSTOMER_NAME((order) -> order.customerName()), VISA_COUNTRY((order) -> order.country()),
	VISA_TYPE((order) -> order.detail("docType")), ORDER_NUMBER((order) -> order.externalOrderId()),
	VISA_INTENT((order) -> order.detail("intent")), VISA_ENTRIES((order) -> order.detail("entries")),
	VISA_VALIDITY((order) -> validity(order.detail("validity"))),
	VISA_FLAG((order) -> Destinations.flag(order.country())), EMAIL((order) -> order.customerEmail()),
	VISA_QUANTITY((order) -> order.detail("quantity")), ORDER_DAYS((order) -> order.detail("processingDays")),
	/** Only an amount paid in shekels: no silent conversion of other currencies. */
	ORDER_SUM_ILS((order) -> ("ILS".equals(order.currency()) && order.amount() != null)
			? order.amount().stripTrailingZeros().toPlainString() : null),
	STAY_LIMIT((order) -> order.detail("stayLimit")), ORDER_URGENT((order) -> order.urgent() ? "1" : "0"),
	WA_ALERTS((order) -> order.whatsappAlerts() ? "1" : "0"),
	ORDER_DATE((order) -> unixDate(order.detail("entryDate"))),
	ORDER_DATE_TIME((order) -> Long.toString(order.receivedAt().getEpochSecond())),
	PHONE((order) -> order.customerPhone());

	private static final Map<String, String> VALIDITY = Map.ofEntries(Map.entry("2_weeks", "2 weeks"),
			Map.entry("15_days", "15 days"), Map.entry("month", "1 month"), Map.entry("2_months", "2 months"),
			Map.entry("3_months", "3 months"), Map.entry("6_months", "6 months"), Map.entry("year", "1 year"),
			Map.entry("2_years", "2 years"), Map.entry("3_years", "3 years"), Map.entry("5_years", "5 years"),
			Map.entry("10_years", "10 years"));

	private final Function<Order, String> value;

	CbbAttribute(Function<Order, String> value) {
		this.value = value;
	}

	/** The attribute's value for the order; empty when the order has none. */
	Optional<String> valueOf(Order order) {
		return Optional.ofNullable(this.value.apply(order)).filter((text) -> !text.isEmpty());
	}

	/** The attribute a mapping value names, e.g. {@code order_number}. */
	static CbbAttribute of(String name) {
		return valueOf(name.strip().toUpperCase(Locale.ROOT));
	}

	private static String validity(String key) {
		return (key != null) ? VALIDITY.getOrDefault(key, key.replace('_', ' ')) : null;
	}

	private static String unixDate(String date) {
		if (date == null || date.length() < 10) {
			return null;
		}
		try {
			return Long.toString(LocalDate.parse(date.substring(0, 10)).atStartOfDay(ZoneOffset.UTC).toEpochSecond());
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
