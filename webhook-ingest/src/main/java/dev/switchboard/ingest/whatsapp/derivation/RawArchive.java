package dev.switchboard.ingest.whatsapp.derivation;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.kafka.OutgoingEvent;
import dev.switchboard.events.wa.WaRawWebhook;
import dev.switchboard.ingest.channels.ChannelConfig;
import dev.switchboard.ingest.channels.ChannelDirectory;
import dev.switchboard.ingest.whatsapp.mapping.WhatsAppEvents;
import dev.switchboard.ingest.whatsapp.parsing.WebhookChange;
import dev.switchboard.ingest.whatsapp.parsing.WebhookContent;

/**
 * The {@code wa.raw.v1} record of an accepted POST: the body exactly as received plus the
 * headers needed to verify and audit it, published before anything derived from it.
 */
public final class RawArchive {

	/** Tenant of a raw webhook carrying changes of several tenants. */
	static final String SEVERAL_TENANTS = "multiple";

	/** Name under which the signature header is archived. */
	public static final String SIGNATURE_HEADER = "x-hub-signature-256";

	private RawArchive() {
	}

	/**
	 * The archive event of a body; its tenant is the one tenant its changes belong to,
	 * {@code unknown} when none is known, {@code multiple} when they belong to several.
	 */
	public static OutgoingEvent event(byte[] body, Map<String, String> headers, WebhookContent content,
			ChannelDirectory channels, Instant receivedAt, String correlationId) {
		List<String> phoneNumberIds = (content != null) ? List.copyOf(new TreeSet<>(content.phoneNumberIds()))
				: List.of();
		WaRawWebhook raw = new WaRawWebhook(receivedAt, headers, phoneNumberIds,
				new String(body, StandardCharsets.UTF_8));
		EventEnvelope<WaRawWebhook> event = new EventEnvelope<>(EventEnvelope.randomId(), EventType.WA_RAW_WEBHOOK_V1,
				WhatsAppEvents.SOURCE, receivedAt, null, tenantOf(content, channels), correlationId, null, raw);
		return OutgoingEvent.of(event, phoneNumberIds.isEmpty() ? "unknown" : phoneNumberIds.get(0));
	}

	/** The headers kept with the body, names lower-cased; absent ones are left out. */
	public static Map<String, String> headers(String signature, String contentType, String userAgent) {
		Map<String, String> headers = new LinkedHashMap<>();
		putIfPresent(headers, SIGNATURE_HEADER, signature);
		putIfPresent(headers, "content-type", contentType);
		putIfPresent(headers, "user-agent", userAgent);
		return headers;
	}

	private static String tenantOf(WebhookContent content, ChannelDirectory channels) {
		if (content == null) {
			return Derivation.NO_TENANT;
		}
		Set<String> tenants = new TreeSet<>();
		for (WebhookChange change : content.changes()) {
			Derivation.channelOf(change, channels).map(ChannelConfig::tenantId).ifPresent(tenants::add);
		}
		if (tenants.isEmpty()) {
			return Derivation.NO_TENANT;
		}
		return (tenants.size() == 1) ? tenants.iterator().next() : SEVERAL_TENANTS;
	}

	private static void putIfPresent(Map<String, String> headers, String name, String value) {
		if (value != null) {
			headers.put(name, value);
		}
	}

}
