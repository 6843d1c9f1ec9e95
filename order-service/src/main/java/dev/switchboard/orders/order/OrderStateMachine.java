package dev.switchboard.orders.order;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static dev.switchboard.orders.order.OrderStatus.CANCELLED;
import static dev.switchboard.orders.order.OrderStatus.COMPLETED;
import static dev.switchboard.orders.order.OrderStatus.CONFIRMED;
import static dev.switchboard.orders.order.OrderStatus.CONFIRM_FAILED;
import static dev.switchboard.orders.order.OrderStatus.RECEIVED;
import static dev.switchboard.orders.order.OrderStatus.REJECTED;
import static dev.switchboard.orders.order.OrderStatus.SYNCED;
import static dev.switchboard.orders.order.OrderStatus.SYNC_FAILED;

/**
 * The allowed lifecycle moves. Staying in a non-final status is allowed: it records a
 * change of the order's bookkeeping (a retried sync that failed again, a resent
 * confirmation) as an event of its own. Completed, cancelled and rejected are final.
 */
public final class OrderStateMachine {

	private static final Map<OrderStatus, Set<OrderStatus>> NEXT = new EnumMap<>(OrderStatus.class);

	static {
		// An order without sync (or without consent) may be confirmed or completed
		// directly.
		NEXT.put(RECEIVED, EnumSet.of(SYNCED, SYNC_FAILED, CONFIRMED, CONFIRM_FAILED, COMPLETED, CANCELLED));
		NEXT.put(SYNCED, EnumSet.of(CONFIRMED, CONFIRM_FAILED, COMPLETED, CANCELLED));
		NEXT.put(SYNC_FAILED, EnumSet.of(SYNCED, CANCELLED));
		// A late "sent" after a failure report, or a successful resend, still confirms.
		NEXT.put(CONFIRM_FAILED, EnumSet.of(CONFIRMED, COMPLETED, CANCELLED));
		NEXT.put(CONFIRMED, EnumSet.of(COMPLETED, CANCELLED));
		NEXT.put(COMPLETED, EnumSet.noneOf(OrderStatus.class));
		NEXT.put(CANCELLED, EnumSet.noneOf(OrderStatus.class));
		NEXT.put(REJECTED, EnumSet.noneOf(OrderStatus.class));
	}

	private OrderStateMachine() {
	}

	public static boolean isFinal(OrderStatus status) {
		return NEXT.get(status).isEmpty();
	}

	public static boolean allows(OrderStatus from, OrderStatus to) {
		if (from == to) {
			return !isFinal(from);
		}
		return NEXT.get(from).contains(to);
	}

	/**
	 * The status after the move.
	 * @throws IllegalTransitionException when the lifecycle does not allow it
	 */
	public static OrderStatus move(OrderStatus from, OrderStatus to) {
		if (!allows(from, to)) {
			throw new IllegalTransitionException(from, to);
		}
		return to;
	}

	/** A move the lifecycle does not allow. */
	public static final class IllegalTransitionException extends IllegalStateException {

		IllegalTransitionException(OrderStatus from, OrderStatus to) {
			super("An order cannot move from " + from.value() + " to " + to.value());
		}

	}

}
