package dev.switchboard.messaging.inbox.conversations;

/**
 * A conversation's lifecycle: OPEN (queued, nobody owns it) → ASSIGNED (an agent owns it)
 * → RESOLVED (finished, a customer message or an agent brings it back) → ARCHIVED
 * (read-only; the customer's next message starts a new conversation).
 */
enum ConversationStatus {

	OPEN, ASSIGNED, RESOLVED, ARCHIVED;

	/** OPEN or ASSIGNED: at most one such conversation per contact and number. */
	boolean active() {
		return this == OPEN || this == ASSIGNED;
	}

}
