package dev.switchboard.ingest.whatsapp;

import java.util.List;
import java.util.Set;

/**
 * What one WhatsApp webhook body holds.
 *
 * @param items every typed item (statuses, inbound messages, template, account and
 * unknown changes), in body order
 * @param phoneNumberIds every {@code metadata.phone_number_id} the body names
 * @param wabaIds the WABA ids of items routed by WABA (they name no phone number)
 * @param invalidItems why statuses or messages were left out (missing id, timestamp or
 * counterpart)
 */
record WebhookContent(List<WebhookItem> items, Set<String> phoneNumberIds, Set<String> wabaIds,
		List<String> invalidItems) {

	WebhookContent {
		items = List.copyOf(items);
		phoneNumberIds = Set.copyOf(phoneNumberIds);
		wabaIds = Set.copyOf(wabaIds);
		invalidItems = List.copyOf(invalidItems);
	}

	/** The payloads of one type, in body order. */
	<T> List<T> payloads(Class<T> type) {
		return this.items.stream().map(WebhookItem::data).filter(type::isInstance).map(type::cast).toList();
	}

}
