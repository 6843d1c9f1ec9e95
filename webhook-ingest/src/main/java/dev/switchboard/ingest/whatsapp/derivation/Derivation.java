package dev.switchboard.ingest.whatsapp.derivation;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.kafka.OutgoingEvent;
import dev.switchboard.events.wa.WaRejectedWebhook;
import dev.switchboard.events.wa.WaUnroutedChange;
import dev.switchboard.ingest.channels.ChannelConfig;
import dev.switchboard.ingest.channels.ChannelDirectory;
import dev.switchboard.ingest.whatsapp.derivation.DerivedEvents.RoutedEvent;
import dev.switchboard.ingest.whatsapp.mapping.Json;
import dev.switchboard.ingest.whatsapp.mapping.WebhookItem;
import dev.switchboard.ingest.whatsapp.mapping.WhatsAppEvents;
import dev.switchboard.ingest.whatsapp.parsing.InvalidItem;
import dev.switchboard.ingest.whatsapp.parsing.WebhookChange;
import dev.switchboard.ingest.whatsapp.parsing.WebhookContent;
import dev.switchboard.ingest.whatsapp.signature.Signer;

/**
 * Turns a parsed webhook into events: typed events for changes of known channels, a
 * parked {@code wa.unrouted.v1} change for each change of an unknown phone number or
 * WABA, a {@code wa.rejected.v1} record for each status or message lacking required
 * parts. Every id is derived from content (and the raw event id for rejected parts), so
 * deriving the same body again, live or by re-drive, yields the same ids.
 */
public final class Derivation {

	/** Tenant of events no tenant owns (yet): unrouted and rejected ones. */
	static final String NO_TENANT = "unknown";

	static final URI SOURCE = WhatsAppEvents.SOURCE;

	/**
	 * Largest body or item text kept in a rejected record; the raw archive has it all.
	 */
	static final int MAX_REJECTED_CONTENT = 256 * 1024;

	/**
	 * A change of a channel that does not hold the secret the webhook was signed with.
	 */
	static final String SIGNER_MISMATCH = "SIGNER_MISMATCH";

	/** A change parked without its signer, so no channel can be confirmed. */
	static final String SIGNER_UNKNOWN = "SIGNER_UNKNOWN";

	private Derivation() {
	}

	/**
	 * Derives the events of a body signed by {@code signer}: a change is routed only to a
	 * channel holding the signer's secret; one of a channel that does not is refused.
	 */
	public static DerivedEvents derive(WebhookContent content, ChannelDirectory channels, Signer signer,
			String rawEventId, Instant receivedAt, String correlationId) {
		List<RoutedEvent> routed = new ArrayList<>();
		List<OutgoingEvent> parked = new ArrayList<>();
		List<OutgoingEvent> refused = new ArrayList<>();
		Map<String, Integer> unrouted = new TreeMap<>();
		Map<String, Integer> rejected = new TreeMap<>();
		for (WebhookChange change : content.changes()) {
			Optional<ChannelConfig> channel = channelOf(change, channels);
			if (channel.isPresent() && !signer.signedFor(channel.get())) {
				String code = (signer.fingerprint() != null) ? SIGNER_MISMATCH : SIGNER_UNKNOWN;
				refused.add(rejectedEvent(rawEventId, code,
						"signed with an app secret channel " + channel.get().channelId() + " does not hold",
						Json.raw(change.value()), receivedAt, NO_TENANT, change.phoneNumberId(), correlationId));
				continue;
			}
			if (channel.isPresent()) {
				for (WebhookItem item : change.items()) {
					routed.add(new RoutedEvent(WhatsAppEvents.of(item, channel.get(), correlationId), item.kind(),
							channel.get().channelId()));
				}
			}
			else if (!change.items().isEmpty()) {
				change.items().forEach((item) -> unrouted.merge(item.kind(), 1, Integer::sum));
				parked.add(unroutedChange(change, signer, rawEventId, receivedAt, correlationId));
			}
			String tenantId = channel.map(ChannelConfig::tenantId).orElse(NO_TENANT);
			for (InvalidItem invalid : change.invalidItems()) {
				rejected.merge(invalid.code(), 1, Integer::sum);
				parked.add(rejectedEvent(rawEventId, invalid.code(), invalid.detail(), Json.raw(invalid.content()),
						receivedAt, tenantId, change.phoneNumberId(), correlationId));
			}
		}
		return new DerivedEvents(routed, parked, unrouted, rejected, refused);
	}

	/** A signed body that does not parse, parked whole (up to a limit). */
	public static OutgoingEvent rejectedBody(String rawEventId, String code, String detail, byte[] body,
			Instant receivedAt, String correlationId) {
		return rejectedEvent(rawEventId, code, detail, new String(body, StandardCharsets.UTF_8), receivedAt, NO_TENANT,
				null, correlationId);
	}

	/** By phone number when the change names one, else by WABA. */
	static Optional<ChannelConfig> channelOf(WebhookChange change, ChannelDirectory channels) {
		return (change.phoneNumberId() != null) ? channels.byPhoneNumberId(change.phoneNumberId())
				: channels.byWabaId(change.wabaId());
	}

	private static OutgoingEvent unroutedChange(WebhookChange change, Signer signer, String rawEventId,
			Instant receivedAt, String correlationId) {
		String value = Json.raw(change.value());
		WaUnroutedChange parked = new WaUnroutedChange(rawEventId, change.phoneNumberId(), change.wabaId(),
				change.field(), change.time(), receivedAt, value, signer.fingerprint());
		String id = nameId(EventType.WA_UNROUTED_CHANGE_V1, change.phoneNumberId() + ":" + change.wabaId() + ":"
				+ change.field() + ":" + ((change.time() != null) ? change.time().getEpochSecond() : "") + ":" + value);
		EventEnvelope<WaUnroutedChange> event = new EventEnvelope<>(id, EventType.WA_UNROUTED_CHANGE_V1, SOURCE,
				receivedAt, change.field(), NO_TENANT, correlationId, null, parked);
		return OutgoingEvent.of(event, keyOf(change.phoneNumberId()));
	}

	private static OutgoingEvent rejectedEvent(String rawEventId, String code, String detail, String content,
			Instant receivedAt, String tenantId, String phoneNumberId, String correlationId) {
		String kept = (content.length() > MAX_REJECTED_CONTENT) ? content.substring(0, MAX_REJECTED_CONTENT) : content;
		WaRejectedWebhook rejected = new WaRejectedWebhook(rawEventId, code, detail, receivedAt, kept);
		String id = nameId(EventType.WA_REJECTED_WEBHOOK_V1, rawEventId + ":" + code + ":" + detail + ":" + kept);
		EventEnvelope<WaRejectedWebhook> event = new EventEnvelope<>(id, EventType.WA_REJECTED_WEBHOOK_V1, SOURCE,
				receivedAt, code, tenantId, correlationId, null, rejected);
		return OutgoingEvent.of(event, keyOf(phoneNumberId));
	}

	static String keyOf(String phoneNumberId) {
		return (phoneNumberId != null) ? phoneNumberId : "unknown";
	}

	private static String nameId(EventType type, String identity) {
		return UUID.nameUUIDFromBytes((type.type() + ":" + identity).getBytes(StandardCharsets.UTF_8)).toString();
	}

}
