package dev.switchboard.ingest.whatsapp.mapping;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.kafka.OutgoingEvent;
import dev.switchboard.ingest.channels.ChannelConfig;

/**
 * Builds the events of webhook items. Ids derive from content identity: a webhook Meta
 * delivers again (retries, several apps) yields the same event ids, which consumers
 * deduplicate.
 */
public final class WhatsAppEvents {

	public static final URI SOURCE = URI.create("/webhook-ingest/whatsapp");

	private WhatsAppEvents() {
	}

	/** The event of one item of a channel, keyed {@code tenantId:keyPart}. */
	public static OutgoingEvent of(WebhookItem item, ChannelConfig channel, String correlationId) {
		String tenantId = channel.tenantId();
		// Some fields carry no time (value.errors): the time received stands in.
		Instant time = (item.time() != null) ? item.time() : Instant.now();
		EventEnvelope<Object> event = new EventEnvelope<>(eventId(item), item.type(), SOURCE, time, item.subject(),
				tenantId, correlationId, null, item.data());
		return OutgoingEvent.of(event, tenantId + ":" + item.keyPart());
	}

	/** Name-based UUID of the event type and the item's content identity. */
	public static String eventId(WebhookItem item) {
		String name = item.type().type() + ":" + item.identity();
		return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
	}

}
