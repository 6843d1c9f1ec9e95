package dev.switchboard.events.kafka;

import java.util.Objects;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.Topic;

/**
 * One event of a batch to publish.
 *
 * @param topic target topic
 * @param key record key, built by the topic's key rule
 * @param event the event
 */
public record OutgoingEvent(Topic topic, String key, EventEnvelope<?> event) {

	public OutgoingEvent {
		Objects.requireNonNull(topic, "topic");
		Objects.requireNonNull(event, "event");
	}

	/** An event for its type's default topic. */
	public static OutgoingEvent of(EventEnvelope<?> event, String key) {
		return new OutgoingEvent(event.type().topic(), key, event);
	}

}
