package dev.switchboard.orders.order;

import java.util.Locale;
import java.util.Optional;

/** Where an order stands in its lifecycle; the wire value is the lower-case name. */
public enum OrderStatus {

	/** Stored, valid, waiting for contact sync or confirmation. */
	RECEIVED,
	/** The customer is a CBB contact with the order's fields. */
	SYNCED,
	/** Messaging reported the confirmation sent. */
	CONFIRMED,
	/** The source finished the order. */
	COMPLETED,
	/** The contact sync failed; an operator may retry. */
	SYNC_FAILED,
	/** The confirmation could not be sent; an operator may resend. */
	CONFIRM_FAILED,
	/** Cancelled by an operator or the source. */
	CANCELLED,
	/** The order's data is unusable; kept with the reasons. */
	REJECTED;

	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Optional<OrderStatus> parse(String value) {
		if (value == null) {
			return Optional.empty();
		}
		for (OrderStatus status : values()) {
			if (status.value().equals(value.toLowerCase(Locale.ROOT))) {
				return Optional.of(status);
			}
		}
		return Optional.empty();
	}

	public static OrderStatus of(String value) {
		return parse(value).orElseThrow(() -> new IllegalArgumentException("Unknown order status " + value));
	}

}
