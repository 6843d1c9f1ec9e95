package dev.switchboard.messaging.messages.status;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What is known about a message's delivery: its current status, when each status was
 * first reported, and the error of a failure. Statuses fold in whatever order they
 * arrive: the current status only moves up in rank ({@link MessageStatus}), every
 * status's time is kept from its first report even when it arrives late, a failure keeps
 * its first error, and a repeated report changes nothing.
 *
 * @param status the current status
 * @param times when each reported status happened (first report wins)
 * @param error the error of the first failure report, null when none
 */
public record DeliveryState(MessageStatus status, Map<MessageStatus, Instant> times, StatusError error) {

	public DeliveryState {
		Objects.requireNonNull(status, "status");
		EnumMap<MessageStatus, Instant> copy = new EnumMap<>(MessageStatus.class);
		copy.putAll(times);
		times = Collections.unmodifiableMap(copy);
	}

	/** A message just accepted by the platform. */
	public static DeliveryState accepted(Instant at) {
		return new DeliveryState(MessageStatus.ACCEPTED, Map.of(MessageStatus.ACCEPTED, at), null);
	}

	/** Folds one report into the state. */
	public Fold apply(StatusUpdate update) {
		EnumMap<MessageStatus, Instant> newTimes = new EnumMap<>(MessageStatus.class);
		newTimes.putAll(this.times);
		boolean firstReport = newTimes.putIfAbsent(update.status(), update.at()) == null;
		StatusError newError = this.error;
		if (update.status() == MessageStatus.FAILED && this.error == null && update.error() != null) {
			newError = update.error();
		}
		MessageStatus newStatus = update.status().outranks(this.status) ? update.status() : this.status;
		DeliveryState next = new DeliveryState(newStatus, newTimes, newError);
		return new Fold(next, newStatus != this.status, firstReport || newError != this.error);
	}

	/** When the current status was reached. */
	public Instant statusTime() {
		return this.times.get(this.status);
	}

	/**
	 * The outcome of folding one report.
	 *
	 * @param state the state after the report
	 * @param statusChanged whether the current status moved
	 * @param changed whether anything (status, a time, the error) changed
	 */
	public record Fold(DeliveryState state, boolean statusChanged, boolean changed) {
	}

}
