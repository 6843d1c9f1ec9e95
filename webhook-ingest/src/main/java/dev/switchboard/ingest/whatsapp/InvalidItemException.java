package dev.switchboard.ingest.whatsapp;

/**
 * A {@code statuses[]} or {@code messages[]} entry lacking what every consumer relies on.
 */
class InvalidItemException extends RuntimeException {

	InvalidItemException(String message) {
		super(message, null, false, false);
	}

}
