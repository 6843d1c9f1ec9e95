package dev.switchboard.ingest.whatsapp.parsing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.switchboard.ingest.whatsapp.mapping.ChangeMapper;
import dev.switchboard.ingest.whatsapp.mapping.InvalidItemException;
import dev.switchboard.ingest.whatsapp.mapping.Json;
import dev.switchboard.ingest.whatsapp.mapping.MessageEvents;
import dev.switchboard.ingest.whatsapp.mapping.MessageMapper;
import dev.switchboard.ingest.whatsapp.mapping.StatusEvents;
import dev.switchboard.ingest.whatsapp.mapping.StatusMapper;
import dev.switchboard.ingest.whatsapp.mapping.WebhookItem;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Walks a WhatsApp Cloud API webhook ({@code entry[].changes[].value}) and turns every
 * change into typed items. Every entry and every change is visited: Meta batches up to
 * 1000 updates per request. Nothing is dropped silently: fields this service does not
 * model are forwarded raw.
 */
public final class WebhookParser {

	static final String MESSAGES_FIELD = "messages";

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private WebhookParser() {
	}

	/**
	 * Parses a body.
	 * @throws MalformedWebhookException when the body is not JSON or has no
	 * {@code entry[]}
	 */
	public static WebhookContent parse(byte[] body) {
		JsonNode root;
		try {
			root = MAPPER.readTree(body);
		}
		catch (JacksonException ex) {
			throw new MalformedWebhookException(MalformedWebhookException.MALFORMED_JSON,
					"not valid JSON: " + ex.getOriginalMessage());
		}
		if (root == null || !root.isObject() || !root.path("entry").isArray()) {
			throw new MalformedWebhookException(MalformedWebhookException.MISSING_ENTRY, "no entry[] array");
		}
		Collector collector = new Collector();
		for (JsonNode entry : Json.array(root, "entry")) {
			String wabaId = Json.text(entry, "id");
			Instant time = Json.epochSeconds(entry, "time");
			for (JsonNode change : Json.array(entry, "changes")) {
				collector.change(wabaId, time, change);
			}
		}
		return new WebhookContent(collector.changes, collector.phoneNumberIds, collector.wabaIds);
	}

	private static final class Collector {

		private final List<WebhookChange> changes = new ArrayList<>();

		private final Set<String> phoneNumberIds = new LinkedHashSet<>();

		private final Set<String> wabaIds = new LinkedHashSet<>();

		private List<WebhookItem> items;

		private List<InvalidItem> invalidItems;

		void change(String wabaId, Instant time, JsonNode change) {
			String field = Json.text(change, "field");
			JsonNode value = change.path("value");
			String phoneNumberId = Json.text(value.path("metadata"), "phone_number_id");
			if (phoneNumberId != null) {
				this.phoneNumberIds.add(phoneNumberId);
			}
			this.items = new ArrayList<>();
			this.invalidItems = new ArrayList<>();
			if (MESSAGES_FIELD.equals(field) && hasMessagingArrays(value)) {
				messaging(wabaId, time, field, value, phoneNumberId);
			}
			else if (ChangeMapper.TEMPLATE_STATUS_FIELD.equals(field)) {
				add(ChangeMapper.templateStatus(wabaId, time, field, value));
			}
			else if (ChangeMapper.TEMPLATE_QUALITY_FIELD.equals(field)) {
				add(ChangeMapper.templateQuality(wabaId, time, field, value));
			}
			else if (ChangeMapper.TEMPLATE_CATEGORY_FIELD.equals(field)) {
				add(ChangeMapper.templateCategory(wabaId, time, field, value));
			}
			else if (ChangeMapper.ACCOUNT_FIELDS.contains(field) && value.isObject()) {
				add(ChangeMapper.accountUpdate(wabaId, time, field, value));
			}
			else {
				add(ChangeMapper.unknown(wabaId, time, field, value));
			}
			this.changes
				.add(new WebhookChange(wabaId, phoneNumberId, field, time, value, this.items, this.invalidItems));
		}

		private void messaging(String wabaId, Instant time, String field, JsonNode value, String phoneNumberId) {
			String displayPhoneNumber = Json.text(value.path("metadata"), "display_phone_number");
			for (JsonNode status : Json.array(value, "statuses")) {
				try {
					add(StatusEvents.item(StatusMapper.map(status, wabaId, phoneNumberId, displayPhoneNumber)));
				}
				catch (InvalidItemException ex) {
					this.invalidItems.add(new InvalidItem(ex.code(), ex.getMessage(), status));
				}
			}
			List<JsonNode> contacts = Json.array(value, "contacts");
			for (JsonNode message : Json.array(value, "messages")) {
				try {
					add(MessageEvents
						.item(MessageMapper.map(message, contacts, wabaId, phoneNumberId, displayPhoneNumber)));
				}
				catch (InvalidItemException ex) {
					this.invalidItems.add(new InvalidItem(ex.code(), ex.getMessage(), message));
				}
			}
			if (!Json.array(value, "errors").isEmpty()) {
				add(ChangeMapper.accountUpdate(wabaId, time, field, value));
			}
		}

		private static boolean hasMessagingArrays(JsonNode value) {
			return value.path("statuses").isArray() || value.path("messages").isArray()
					|| !Json.array(value, "errors").isEmpty();
		}

		private void add(WebhookItem item) {
			this.items.add(item);
			if (item.phoneNumberId() == null && item.wabaId() != null) {
				this.wabaIds.add(item.wabaId());
			}
		}

	}

}
