package dev.switchboard.events.outbox;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventJson;
import dev.switchboard.events.EventType;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.OutgoingEvent;

/**
 * One stored, not yet published event.
 *
 * @param id position in the outbox; rows are published in this order
 * @param tenantId owning tenant
 * @param topic topic name
 * @param key record key
 * @param type CloudEvents type
 * @param payload event data as JSON
 * @param headers CloudEvents attributes other than type and tenant
 */
record OutboxRow(long id, String tenantId, String topic, String key, String type, byte[] payload,
		Map<String, String> headers) {

	static final String ID = "id";

	static final String SOURCE = "source";

	static final String TIME = "time";

	static final String SUBJECT = "subject";

	static final String CORRELATION_ID = "correlationId";

	static final String TRACEPARENT = "traceparent";

	/**
	 * The event as it was appended.
	 * @throws IllegalStateException when the type or topic is unknown to this version
	 */
	OutgoingEvent toOutgoing() {
		EventType eventType = EventType.byType(this.type)
			.orElseThrow(() -> new IllegalStateException("Outbox row " + this.id + " has unknown type " + this.type));
		Topic target = Topic.byName(this.topic)
			.orElseThrow(() -> new IllegalStateException("Outbox row " + this.id + " has unknown topic " + this.topic));
		Object data = EventJson.read(this.payload, eventType.payloadClass());
		EventEnvelope<Object> event = new EventEnvelope<>(this.headers.get(ID), eventType,
				URI.create(this.headers.get(SOURCE)), Instant.parse(this.headers.get(TIME)), this.headers.get(SUBJECT),
				this.tenantId, this.headers.get(CORRELATION_ID), this.headers.get(TRACEPARENT), data);
		return new OutgoingEvent(target, this.key, event);
	}

}
