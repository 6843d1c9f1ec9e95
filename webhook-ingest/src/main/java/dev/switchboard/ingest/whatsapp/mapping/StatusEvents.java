package dev.switchboard.ingest.whatsapp.mapping;

import java.net.URI;

import dev.switchboard.events.EventType;
import dev.switchboard.events.kafka.OutgoingEvent;
import dev.switchboard.events.wa.WaStatus;
import dev.switchboard.ingest.channels.ChannelConfig;

/**
 * Builds {@code switchboard.wa.status.v1} events.
 */
public final class StatusEvents {

	static final URI SOURCE = WhatsAppEvents.SOURCE;

	private StatusEvents() {
	}

	/**
	 * The item of one status, keyed by recipient so the statuses of one contact stay in
	 * order; identified by phone number id, wamid, status and timestamp (a status
	 * repeated with a new timestamp is a new fact).
	 */
	public static WebhookItem item(WaStatus status) {
		return new WebhookItem(
				EventType.WA_STATUS_V1, status, status.phoneNumberId(), status.wabaId(), status.phoneNumberId() + ":"
						+ status.wamid() + ":" + status.status() + ":" + status.timestamp().getEpochSecond(),
				status.wamid(), recipient(status), status.timestamp());
	}

	/** The event of one status of a channel, keyed {@code tenantId:recipient}. */
	static OutgoingEvent of(WaStatus status, ChannelConfig channel, String correlationId) {
		return WhatsAppEvents.of(item(status), channel, correlationId);
	}

	private static String recipient(WaStatus status) {
		return (status.recipientId() != null) ? status.recipientId() : status.recipientUserId();
	}

}
