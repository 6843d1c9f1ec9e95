package dev.switchboard.events.kafka;

/** A record that is not a readable event of the expected type; retrying cannot help. */
public class EventDecodingException extends RuntimeException {

	public EventDecodingException(String message) {
		super(message);
	}

	public EventDecodingException(String message, Throwable cause) {
		super(message, cause);
	}

}
