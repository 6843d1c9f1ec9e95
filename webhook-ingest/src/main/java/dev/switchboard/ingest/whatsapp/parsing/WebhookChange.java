package dev.switchboard.ingest.whatsapp.parsing;

import java.time.Instant;
import java.util.List;

import dev.switchboard.ingest.whatsapp.mapping.WebhookItem;
import tools.jackson.databind.JsonNode;

/**
 * One {@code entry[].changes[]} element and what was made of it. A change is routed as a
 * whole: by its {@code metadata.phone_number_id} when it names one, else by its WABA.
 *
 * @param wabaId {@code entry.id}, may be null
 * @param phoneNumberId {@code value.metadata.phone_number_id}, may be null
 * @param field the change's {@code field}, may be null
 * @param time {@code entry.time}, may be null
 * @param value the change's {@code value} as received
 * @param items the typed items of the change
 * @param invalidItems statuses or messages left out, with the reason
 */
public record WebhookChange(String wabaId, String phoneNumberId, String field, Instant time, JsonNode value,
		List<WebhookItem> items, List<InvalidItem> invalidItems) {

	public WebhookChange {
		items = List.copyOf(items);
		invalidItems = List.copyOf(invalidItems);
	}

}
