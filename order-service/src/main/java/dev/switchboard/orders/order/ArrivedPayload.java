package dev.switchboard.orders.order;

import java.util.Map;
import java.util.Objects;

/**
 * What the source sent for a new order, kept verbatim beside it (personal data: never
 * logged, never in events).
 *
 * @param eventId the id of the event that carried it
 * @param body the source's payload as it arrived
 */
public record ArrivedPayload(String eventId, Map<String, Object> body) {

	public ArrivedPayload {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(body, "body");
	}

}
