package dev.switchboard.events.kafka;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.messaging.MessageStatusChanged;
import dev.switchboard.events.messaging.SendMessageCommand;
import dev.switchboard.events.wa.WaError;
import dev.switchboard.events.wa.WaStatus;

/** Events for tests. */
final class TestEvents {

	static final URI SOURCE = URI.create("urn:switchboard:test");

	private TestEvents() {
	}

	static EventEnvelope<SendMessageCommand> command(String tenant, String channel, int sequence) {
		SendMessageCommand command = new SendMessageCommand(channel + "-" + sequence, channel, "100000000000001",
				"16505551234", "text", String.valueOf(sequence), null);
		return EventEnvelope.of(EventType.MESSAGE_SEND_REQUESTED_V1, SOURCE, tenant, command.messageId(), command);
	}

	static int sequence(EventEnvelope<SendMessageCommand> event) {
		return Integer.parseInt(event.data().text());
	}

	static EventEnvelope<MessageStatusChanged> statusChanged(String tenant, String messageId, int sequence) {
		MessageStatusChanged data = new MessageStatusChanged(messageId, "wamid." + sequence, "demo-meta", "16505551234",
				"sent", Instant.now(), sequence, null);
		return EventEnvelope.of(EventType.MESSAGE_STATUS_CHANGED_V1, SOURCE, tenant, messageId, data);
	}

	static EventEnvelope<WaStatus> status(String tenant, String wamid, String status) {
		WaStatus data = new WaStatus("100000000000001", "200000000000001", "15550000001", wamid, status,
				Instant.parse("2025-06-15T23:27:53Z"), "16505551234", null, null, null, null, "failed".equals(status)
						? List.of(new WaError(131047, "Re-engagement message", null, null, null)) : null);
		return EventEnvelope.of(EventType.WA_STATUS_V1, SOURCE, tenant, wamid, data);
	}

}
