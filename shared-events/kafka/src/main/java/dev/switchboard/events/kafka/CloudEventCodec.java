package dev.switchboard.events.kafka;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import tools.jackson.databind.JsonNode;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventJson;
import dev.switchboard.events.EventType;

/**
 * Maps {@link EventEnvelope}s to Kafka records in CloudEvents 1.0 binary mode and back:
 * the attributes travel as {@code ce_*} headers (extensions {@code ce_tenantid},
 * {@code ce_correlationid}), the W3C trace context as {@code traceparent}, the data as
 * JSON.
 */
public final class CloudEventCodec {

	/** CloudEvents extension carrying the tenant id. */
	public static final String TENANT_ID = "tenantid";

	/** CloudEvents extension carrying the correlation id. */
	public static final String CORRELATION_ID = "correlationid";

	/** W3C trace context header. */
	public static final String TRACEPARENT = "traceparent";

	static final String JSON = "application/json";

	private CloudEventCodec() {
	}

	/** Encodes an event as a record for the given topic. */
	public static ProducerRecord<String, byte[]> encode(String topicName, String key, EventEnvelope<?> event) {
		CloudEventBuilder builder = CloudEventBuilder.v1()
			.withId(event.id())
			.withSource(event.source())
			.withType(event.type().type())
			.withTime(event.time().atOffset(ZoneOffset.UTC))
			.withDataContentType(JSON)
			.withExtension(TENANT_ID, event.tenantId())
			.withData(EventJson.write(event.data()));
		if (event.subject() != null) {
			builder.withSubject(event.subject());
		}
		if (event.correlationId() != null) {
			builder.withExtension(CORRELATION_ID, event.correlationId());
		}
		ProducerRecord<String, byte[]> record = KafkaMessageFactory.<String>createWriter(topicName, key)
			.writeBinary(builder.build());
		if (event.traceparent() != null) {
			record.headers().add(TRACEPARENT, event.traceparent().getBytes(StandardCharsets.UTF_8));
		}
		return record;
	}

	/** Decodes a record into an event whose data is the type's own payload record. */
	public static EventEnvelope<Object> decode(Headers headers, byte[] value) {
		return decode(headers, value, Object.class);
	}

	/**
	 * Decodes a record. {@code payload} may be the type's payload class (or a supertype
	 * such as {@code Object}) or {@link JsonNode} for a schema-less view.
	 * @throws EventDecodingException when the record is no CloudEvent, has an unknown
	 * type, a type that does not carry {@code payload}, or data that does not parse
	 */
	public static <T> EventEnvelope<T> decode(Headers headers, byte[] value, Class<T> payload) {
		CloudEvent event;
		try {
			event = KafkaMessageFactory.createReader(headers, value).toEvent();
		}
		catch (RuntimeException ex) {
			throw new EventDecodingException("Not a CloudEvent in binary mode: " + ex.getMessage(), ex);
		}
		EventType type = EventType.byType(event.getType())
			.orElseThrow(() -> new EventDecodingException("Unknown event type " + event.getType()));
		boolean tree = payload == JsonNode.class;
		if (!tree && !payload.isAssignableFrom(type.payloadClass())) {
			throw new EventDecodingException("Event type " + type.type() + " carries "
					+ type.payloadClass().getSimpleName() + ", not " + payload.getSimpleName());
		}
		try {
			byte[] data = (event.getData() != null) ? event.getData().toBytes() : null;
			if (data == null) {
				throw new EventDecodingException("Event " + event.getId() + " has no data");
			}
			Object parsed = tree ? EventJson.mapper().readTree(data) : EventJson.read(data, type.payloadClass());
			return new EventEnvelope<>(event.getId(), type, URI.create(event.getSource().toString()),
					(event.getTime() != null) ? event.getTime().toInstant() : null, event.getSubject(),
					text(event.getExtension(TENANT_ID)), text(event.getExtension(CORRELATION_ID)),
					header(headers, TRACEPARENT), payload.cast(parsed));
		}
		catch (EventDecodingException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new EventDecodingException(
					"Unreadable event " + event.getId() + " of type " + type.type() + ": " + ex.getMessage(), ex);
		}
	}

	static String header(Headers headers, String name) {
		Header header = headers.lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static String text(Object extension) {
		return (extension != null) ? extension.toString() : null;
	}

}
