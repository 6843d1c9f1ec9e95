package dev.switchboard.orders.tasks;

import java.util.Locale;

/** The kinds of work due on an order. */
public enum TaskKind {

	/** Create or update the customer's CBB contact. */
	SYNC,
	/** Check that a requested confirmation got a status; re-request it otherwise. */
	CONFIRMATION_WATCH;

	String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	static TaskKind of(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

}
