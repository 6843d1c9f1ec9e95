package dev.switchboard.ingest.whatsapp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.switchboard.events.wa.WaStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Walks a WhatsApp Cloud API webhook ({@code entry[].changes[].value}) and collects what
 * it holds. Every entry and every change is visited: Meta batches up to 1000 updates per
 * request.
 */
final class WebhookParser {

	static final String MESSAGES_FIELD = "messages";

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private WebhookParser() {
	}

	/**
	 * Parses a body.
	 * @throws MalformedWebhookException when the body is not JSON or has no
	 * {@code entry[]}
	 */
	static WebhookContent parse(byte[] body) {
		JsonNode root;
		try {
			root = MAPPER.readTree(body);
		}
		catch (JacksonException ex) {
			throw new MalformedWebhookException("not valid JSON: " + ex.getOriginalMessage());
		}
		if (root == null || !root.isObject() || !root.path("entry").isArray()) {
			throw new MalformedWebhookException("no entry[] array");
		}
		Collector collector = new Collector();
		for (JsonNode entry : Json.array(root, "entry")) {
			String wabaId = Json.text(entry, "id");
			for (JsonNode change : Json.array(entry, "changes")) {
				collector.change(wabaId, change);
			}
		}
		return new WebhookContent(collector.statuses, collector.phoneNumberIds, collector.invalidStatuses,
				collector.deferred);
	}

	private static final class Collector {

		private final List<WaStatus> statuses = new ArrayList<>();

		private final Set<String> phoneNumberIds = new LinkedHashSet<>();

		private final List<String> invalidStatuses = new ArrayList<>();

		private final Map<String, Integer> deferred = new LinkedHashMap<>();

		void change(String wabaId, JsonNode change) {
			String field = Json.text(change, "field");
			JsonNode value = change.path("value");
			JsonNode metadata = value.path("metadata");
			String phoneNumberId = Json.text(metadata, "phone_number_id");
			if (phoneNumberId != null) {
				this.phoneNumberIds.add(phoneNumberId);
			}
			if (!MESSAGES_FIELD.equals(field)) {
				defer((field != null) ? field : "unknown", 1);
				return;
			}
			String displayPhoneNumber = Json.text(metadata, "display_phone_number");
			for (JsonNode status : Json.array(value, "statuses")) {
				try {
					this.statuses.add(StatusMapper.map(status, wabaId, phoneNumberId, displayPhoneNumber));
				}
				catch (InvalidStatusException ex) {
					this.invalidStatuses.add(ex.getMessage());
				}
			}
			defer("messages", Json.array(value, "messages").size());
			defer("errors", Json.array(value, "errors").size());
		}

		private void defer(String kind, int count) {
			if (count > 0) {
				this.deferred.merge(kind, count, Integer::sum);
			}
		}

	}

}
