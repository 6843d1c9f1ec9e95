package dev.switchboard.messaging.messages.status;

import java.util.ArrayList;
import java.util.List;

/**
 * A message with several statuses folded in one after the other, exactly as
 * {@link StatusFolder#apply} folds them one at a time.
 *
 * @param message the message afterwards
 * @param changed whether anything changed, so that it must be stored
 * @param statusChanges the message after each move of its current status, in order: each
 * is announced
 */
record FoldedMessage(TrackedMessage message, boolean changed, List<TrackedMessage> statusChanges) {

	static FoldedMessage fold(TrackedMessage message, List<StatusUpdate> updates) {
		TrackedMessage current = message;
		boolean changed = false;
		List<TrackedMessage> statusChanges = new ArrayList<>();
		for (StatusUpdate update : updates) {
			DeliveryState.Fold fold = current.state().apply(update);
			if (fold.changed()) {
				current = current.with(fold.state());
				changed = true;
				if (fold.statusChanged()) {
					statusChanges.add(current);
				}
			}
		}
		return new FoldedMessage(current, changed, List.copyOf(statusChanges));
	}

}
