package dev.switchboard.ingest.whatsapp;

/**
 * A {@code statuses[]} entry lacking what every consumer relies on.
 */
class InvalidStatusException extends RuntimeException {

	InvalidStatusException(String message) {
		super(message, null, false, false);
	}

}
