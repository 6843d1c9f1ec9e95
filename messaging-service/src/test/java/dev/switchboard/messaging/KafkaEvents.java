package dev.switchboard.messaging;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.messaging.SendMessageCommand;
import dev.switchboard.events.wa.WaError;
import dev.switchboard.events.wa.WaStatus;
import dev.switchboard.simulators.SimulatorOptions;

/**
 * Events a test puts on Kafka: WhatsApp statuses of the demo number as webhook-ingest
 * would publish them, and send commands as the service's own outbox would.
 */
final class KafkaEvents {

	private final EventPublisher publisher;

	KafkaEvents(EventPublisher publisher) {
		this.publisher = publisher;
	}

	static EventEnvelope<WaStatus> status(String wamid, String recipientId, String status, Instant at) {
		return status(wamid, recipientId, status, at, null);
	}

	static EventEnvelope<WaStatus> status(String wamid, String recipientId, String status, Instant at, WaError error) {
		WaStatus data = new WaStatus(SimulatorOptions.DEMO_PHONE_NUMBER_ID, SimulatorOptions.DEFAULT_WABA_ID,
				SimulatorOptions.DEMO_DISPLAY_PHONE_NUMBER, wamid, status, at, recipientId, null, null, null, null,
				(error != null) ? List.of(error) : null);
		return EventEnvelope.of(EventType.WA_STATUS_V1, URI.create("urn:switchboard:webhook-ingest"), "demo", wamid,
				data);
	}

	/** Publishes to wa.status.v1 and waits for the broker's acknowledgement. */
	void publish(EventEnvelope<WaStatus> event) {
		this.publisher.publish(event, "demo:" + event.data().recipientId()).block(Duration.ofSeconds(30));
	}

	/** Publishes any event to its type's topic and waits for the acknowledgement. */
	void publishAny(EventEnvelope<?> event, String key) {
		this.publisher.publish(event, key).block(Duration.ofSeconds(30));
	}

	/** A send command as another service (orders) publishes it. */
	void requestFromOtherService(SendMessageCommand command, String idempotencyKey) {
		requestFromOtherService("demo", command, idempotencyKey);
	}

	/** A tenant's send command as another service (orders) publishes it. */
	void requestFromOtherService(String tenantId, SendMessageCommand command, String idempotencyKey) {
		EventEnvelope<SendMessageCommand> event = EventEnvelope
			.of(EventType.MESSAGE_SEND_REQUESTED_V1, URI.create("urn:switchboard:order-service"), tenantId,
					command.messageId(), command)
			.withCorrelationId("order-" + idempotencyKey);
		this.publisher.publish(event, tenantId + ":" + command.channelId()).block(Duration.ofSeconds(30));
	}

	/** Asks (again) for the sending of a demo message through demo-meta. */
	void requestSend(String messageId, String to, String text) {
		SendMessageCommand command = new SendMessageCommand(messageId, "demo-meta",
				SimulatorOptions.DEMO_PHONE_NUMBER_ID, to, "text", text, null);
		EventEnvelope<SendMessageCommand> event = EventEnvelope.of(EventType.MESSAGE_SEND_REQUESTED_V1,
				URI.create("urn:switchboard:messaging-service"), "demo", messageId, command);
		this.publisher.publish(event, "demo:demo-meta").block(Duration.ofSeconds(30));
	}

}
