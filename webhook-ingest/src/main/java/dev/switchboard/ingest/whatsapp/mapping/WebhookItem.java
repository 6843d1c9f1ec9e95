package dev.switchboard.ingest.whatsapp.mapping;

import java.time.Instant;
import java.util.Objects;

import dev.switchboard.events.EventType;

/**
 * One typed payload found in a webhook, with what is needed to route and publish it.
 *
 * @param type event type of the payload
 * @param data the payload record
 * @param phoneNumberId routes the item when present ({@code metadata.phone_number_id})
 * @param wabaId routes the item when no phone number id is present ({@code entry.id})
 * @param identity content identity: the same update delivered again has the same
 * identity, so its event gets the same id
 * @param subject what the event is about (wamid, template id, field), may be null
 * @param keyPart record key after the tenant id, keeps one contact's or one account's
 * events in order
 * @param time when the fact happened, null when Meta does not say
 */
public record WebhookItem(EventType type, Object data, String phoneNumberId, String wabaId, String identity,
		String subject, String keyPart, Instant time) {

	public WebhookItem {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(data, "data");
		Objects.requireNonNull(identity, "identity");
	}

	/** A short metric tag of the kind, e.g. {@code inbound_message}. */
	public String kind() {
		return kindOf(this.type);
	}

	/** {@code switchboard.wa.inbound-message.v1} → {@code inbound_message}. */
	static String kindOf(EventType type) {
		String name = type.type();
		String withoutVersion = name.substring(0, name.lastIndexOf('.'));
		return withoutVersion.substring(withoutVersion.lastIndexOf('.') + 1).replace('-', '_');
	}

}
