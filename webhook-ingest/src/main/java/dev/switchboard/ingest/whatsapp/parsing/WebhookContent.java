package dev.switchboard.ingest.whatsapp.parsing;

import java.util.List;
import java.util.Set;

import dev.switchboard.ingest.whatsapp.mapping.WebhookItem;

/**
 * What one WhatsApp webhook body holds.
 *
 * @param changes every {@code entry[].changes[]} element, in body order
 * @param phoneNumberIds every {@code metadata.phone_number_id} the body names
 * @param wabaIds the WABA ids of items routed by WABA (they name no phone number)
 */
public record WebhookContent(List<WebhookChange> changes, Set<String> phoneNumberIds, Set<String> wabaIds) {

	public WebhookContent {
		changes = List.copyOf(changes);
		phoneNumberIds = Set.copyOf(phoneNumberIds);
		wabaIds = Set.copyOf(wabaIds);
	}

	/**
	 * Every typed item (statuses, inbound messages, template, account and unknown
	 * changes), in body order.
	 */
	List<WebhookItem> items() {
		return this.changes.stream().flatMap((change) -> change.items().stream()).toList();
	}

	/** Why statuses or messages were left out (missing id, timestamp or counterpart). */
	List<String> invalidItems() {
		return this.changes.stream()
			.flatMap((change) -> change.invalidItems().stream())
			.map(InvalidItem::detail)
			.toList();
	}

	/** The payloads of one type, in body order. */
	<T> List<T> payloads(Class<T> type) {
		return items().stream().map(WebhookItem::data).filter(type::isInstance).map(type::cast).toList();
	}

}
