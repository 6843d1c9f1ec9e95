package dev.switchboard.events.outbox;

/**
 * No row of a relay batch was acknowledged, and the failures are ones an unavailable
 * broker causes: the relay waits for its next round and counts nothing against the rows.
 */
public class BrokerUnavailableException extends RuntimeException {

	BrokerUnavailableException(Throwable cause) {
		super("Kafka acknowledged no row of the batch: " + cause, cause);
	}

}
