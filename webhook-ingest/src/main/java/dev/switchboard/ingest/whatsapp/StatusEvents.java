package dev.switchboard.ingest.whatsapp;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.kafka.OutgoingEvent;
import dev.switchboard.events.wa.WaStatus;
import dev.switchboard.ingest.channels.ChannelConfig;

/**
 * Builds {@code switchboard.wa.status.v1} events.
 */
final class StatusEvents {

	static final URI SOURCE = URI.create("/webhook-ingest/whatsapp");

	private StatusEvents() {
	}

	/**
	 * The event of one status of a channel, keyed {@code tenantId:recipient} so the
	 * statuses of one contact stay in order. Its id and time derive from the status: a
	 * webhook Meta delivers again yields the same event, which consumers deduplicate.
	 */
	static OutgoingEvent of(WaStatus status, ChannelConfig channel, String correlationId) {
		String tenantId = channel.tenantId();
		EventEnvelope<WaStatus> event = new EventEnvelope<>(eventId(status), EventType.WA_STATUS_V1, SOURCE,
				status.timestamp(), status.wamid(), tenantId, correlationId, null, status);
		return OutgoingEvent.of(event, tenantId + ":" + recipient(status));
	}

	private static String recipient(WaStatus status) {
		return (status.recipientId() != null) ? status.recipientId() : status.recipientUserId();
	}

	/**
	 * Name-based UUID of phone number id, wamid and status (Meta's deduplication rule).
	 */
	private static String eventId(WaStatus status) {
		String name = EventType.WA_STATUS_V1.type() + ":" + status.phoneNumberId() + ":" + status.wamid() + ":"
				+ status.status();
		return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
	}

}
