package dev.switchboard.orders.tasks;

/**
 * Which work runs first when work piles up: one queue ordered by priority, so that an
 * urgent order never waits behind a bulk back-fill.
 */
public enum Priority {

	/** The customer paid for speed. */
	URGENT(0),
	/** A new order. */
	NORMAL(1),
	/** Operator batches and back-fills. */
	BULK(2);

	private final int value;

	Priority(int value) {
		this.value = value;
	}

	int value() {
		return this.value;
	}

	public static Priority of(boolean urgent) {
		return urgent ? URGENT : NORMAL;
	}

}
