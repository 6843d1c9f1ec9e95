package dev.switchboard.orders.order;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Instants at the database's precision, so that a rebuilt row equals the original. */
public final class Times {

	private Times() {
	}

	public static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MICROS);
	}

}
