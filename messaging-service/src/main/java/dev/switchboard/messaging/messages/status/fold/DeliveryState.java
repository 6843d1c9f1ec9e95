package dev.switchboard.messaging.messages.status.fold;

import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What is known about a message's delivery: its current status, when each status
 * happened, the error of a failure and its pricing. The state machine of the status fold:
 * statuses apply in whatever order and however often they arrive, always to the same
 * state. The current status is the highest ranked one reported ({@link MessageStatus}),
 * each status's time is the earliest reported for it, a failure keeps the error of its
 * earliest report (ties: the lowest code), and pricing merges field by field.
 *
 * @param status the current status
 * @param times when each reported status happened (earliest report)
 * @param error the error of the failure, null when none
 * @param pricing what is known about the cost
 */
public record DeliveryState(MessageStatus status, Map<MessageStatus, Instant> times, StatusError error,
		Pricing pricing) {

	private static final Comparator<StatusError> ERROR_ORDER = Comparator
		.comparing(StatusError::code, Comparator.nullsLast(Comparator.naturalOrder()))
		.thenComparing(StatusError::title, Comparator.nullsLast(Comparator.naturalOrder()))
		.thenComparing(StatusError::details, Comparator.nullsLast(Comparator.naturalOrder()));

	public DeliveryState {
		Objects.requireNonNull(status, "status");
		EnumMap<MessageStatus, Instant> copy = new EnumMap<>(MessageStatus.class);
		copy.putAll(times);
		times = Collections.unmodifiableMap(copy);
		pricing = (pricing != null) ? pricing : Pricing.NONE;
	}

	public DeliveryState(MessageStatus status, Map<MessageStatus, Instant> times, StatusError error) {
		this(status, times, error, Pricing.NONE);
	}

	/** A message just accepted by the platform. */
	public static DeliveryState accepted(Instant at) {
		return new DeliveryState(MessageStatus.ACCEPTED, Map.of(MessageStatus.ACCEPTED, at), null, Pricing.NONE);
	}

	/** Applies one report to the state. */
	public Transition apply(StatusUpdate update) {
		EnumMap<MessageStatus, Instant> newTimes = new EnumMap<>(MessageStatus.class);
		newTimes.putAll(this.times);
		Instant known = newTimes.get(update.status());
		boolean earlier = known == null || update.at().isBefore(known);
		if (earlier) {
			newTimes.put(update.status(), update.at());
		}
		StatusError newError = this.error;
		if (update.status() == MessageStatus.FAILED && update.error() != null) {
			if (this.error == null || (earlier && known != null)
					|| (update.at().equals(known) && ERROR_ORDER.compare(update.error(), this.error) < 0)) {
				newError = update.error();
			}
		}
		MessageStatus newStatus = update.status().outranks(this.status) ? update.status() : this.status;
		Pricing newPricing = this.pricing.merge(update.pricing());
		DeliveryState next = new DeliveryState(newStatus, newTimes, newError, newPricing);
		boolean changed = !next.equals(this);
		return new Transition(next, newStatus != this.status, changed);
	}

	/** When the current status was reached. */
	public Instant statusTime() {
		return this.times.get(this.status);
	}

	/**
	 * The outcome of applying one report.
	 *
	 * @param state the state after the report
	 * @param statusChanged whether the current status moved
	 * @param changed whether anything (status, a time, the error, pricing) changed
	 */
	public record Transition(DeliveryState state, boolean statusChanged, boolean changed) {
	}

}
