package dev.switchboard.orders.confirmation;

import java.time.Duration;

import dev.switchboard.events.outbox.Outbox;
import dev.switchboard.orders.tasks.OrderTasks;
import dev.switchboard.orders.tenants.OrderTenantProperties;

/** The real {@link Confirmations} for unit tests of other packages. */
public final class TestConfirmations {

	/** How long a confirmation may go without a status (the default). */
	public static final Duration STUCK_AFTER = Duration.ofMinutes(2);

	private TestConfirmations() {
	}

	/**
	 * Confirmations that append their commands to the outbox and schedule their watch in
	 * the tasks given (mocks, typically).
	 */
	public static Confirmations of(OrderTenantProperties tenants, Outbox outbox, OrderTasks tasks) {
		return new Confirmations(tenants, new ConfirmationProperties(STUCK_AFTER, 3), outbox, tasks);
	}

}
