package dev.switchboard.events;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * One event with its CloudEvents attributes. The data travels as JSON; the attributes
 * travel as message headers.
 *
 * @param <T> the payload record type
 * @param id unique event id, the idempotency key of consumers
 * @param type the versioned event type
 * @param source the producing service, e.g. {@code urn:switchboard:webhook-ingest}
 * @param time when the fact happened
 * @param subject what the event is about (e.g. a wamid or order id), may be null
 * @param tenantId owning tenant
 * @param correlationId correlation id of the request that caused it, may be null
 * @param traceparent W3C trace context, may be null
 * @param data the payload
 */
public record EventEnvelope<T>(String id, EventType type, URI source, Instant time, String subject, String tenantId,
		String correlationId, String traceparent, T data) {

	public EventEnvelope {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(source, "source");
		Objects.requireNonNull(time, "time");
		Objects.requireNonNull(tenantId, "tenantId");
		Objects.requireNonNull(data, "data");
	}

	/**
	 * A new event with a random id, happening now, without correlation or trace context.
	 */
	public static <T> EventEnvelope<T> of(EventType type, URI source, String tenantId, String subject, T data) {
		return new EventEnvelope<>(randomId(), type, source, Instant.now(), subject, tenantId, null, null, data);
	}

	/** A new event id: a random UUID, see {@link Uuids}. */
	public static String randomId() {
		return Uuids.random().toString();
	}

	public EventEnvelope<T> withCorrelationId(String correlationId) {
		return new EventEnvelope<>(this.id, this.type, this.source, this.time, this.subject, this.tenantId,
				correlationId, this.traceparent, this.data);
	}

	public EventEnvelope<T> withTraceparent(String traceparent) {
		return new EventEnvelope<>(this.id, this.type, this.source, this.time, this.subject, this.tenantId,
				this.correlationId, traceparent, this.data);
	}

}
