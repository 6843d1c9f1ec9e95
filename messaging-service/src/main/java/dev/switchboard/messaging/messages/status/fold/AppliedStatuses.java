package dev.switchboard.messaging.messages.status.fold;

import java.util.ArrayList;
import java.util.List;

/**
 * A message with several statuses applied one after the other, ending exactly where
 * applying them one at a time ({@link DeliveryState#apply}) ends.
 *
 * @param message the message afterwards
 * @param changed whether anything changed, so that it must be stored
 * @param statusChanges the message after each move of its current status, in order: each
 * is announced
 */
public record AppliedStatuses(TrackedMessage message, boolean changed, List<TrackedMessage> statusChanges) {

	/** Applies the statuses to the message in the order given. */
	public static AppliedStatuses of(TrackedMessage message, List<StatusUpdate> updates) {
		TrackedMessage current = message;
		boolean changed = false;
		List<TrackedMessage> statusChanges = new ArrayList<>();
		for (StatusUpdate update : updates) {
			DeliveryState.Transition transition = current.state().apply(update);
			if (transition.changed()) {
				current = current.with(transition.state());
				changed = true;
				if (transition.statusChanged()) {
					statusChanges.add(current);
				}
			}
		}
		return new AppliedStatuses(current, changed, List.copyOf(statusChanges));
	}

}
