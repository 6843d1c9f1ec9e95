package dev.switchboard.messaging.inbox.conversations;

/** A conversation's priority, stored as its ordinal so that it sorts. */
enum Priority {

	NONE, LOW, MEDIUM, HIGH, URGENT

}
