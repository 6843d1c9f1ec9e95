package dev.switchboard.ingest.whatsapp;

/**
 * A webhook body that is not JSON or lacks the {@code entry[]} envelope.
 */
class MalformedWebhookException extends RuntimeException {

	MalformedWebhookException(String message) {
		super(message, null, false, false);
	}

}
