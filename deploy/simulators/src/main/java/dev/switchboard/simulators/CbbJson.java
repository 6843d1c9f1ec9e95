package dev.switchboard.simulators;

import java.util.Map;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** CBB's JSON shapes: contacts, field definitions, success and failure answers. */
final class CbbJson {

	/** The page (bot) id of the simulated account. */
	static final long PAGE_ID = 1000000001L;

	/** CBB's channel number for WhatsApp. */
	private static final int WHATSAPP_CHANNEL = 5;

	private CbbJson() {
	}

	static ObjectNode contact(CbbContact contact, CbbStore store) {
		ObjectNode json = Json.object();
		json.put("id", Long.parseLong(contact.id()));
		json.put("page_id", PAGE_ID);
		json.put("first_name", contact.firstName());
		json.put("last_name", contact.lastName());
		json.put("name", (contact.firstName() + " " + contact.lastName()).trim());
		json.put("phone", contact.phone());
		json.put("email", contact.email());
		json.put("channel", WHATSAPP_CHANNEL);
		json.put("profile_pic", "");
		json.put("locale", "");
		json.put("gender", contact.gender());
		json.put("timezone", 0);
		json.put("subscribed_date", contact.created().toString());
		json.put("subscribed", 1);
		ArrayNode tags = json.putArray("tags");
		contact.tags().forEach((tag) -> tags.addObject().put("id", store.tagId(tag)).put("name", tag));
		ArrayNode fields = json.putArray("custom_fields");
		for (Map.Entry<String, String> value : contact.customFields().entrySet()) {
			store.fieldByName(value.getKey())
				.ifPresent((field) -> fields.add(field(field).put("value", value.getValue())));
		}
		return json;
	}

	/** What CBB answers for an unknown contact id: an object with empty fields. */
	static ObjectNode emptyContact(String id) {
		ObjectNode json = Json.object();
		String digits = Phones.digits(id);
		if (digits.isEmpty()) {
			json.put("id", id);
		}
		else {
			json.put("id", Long.parseLong(digits));
		}
		json.put("page_id", PAGE_ID);
		for (String field : new String[] { "first_name", "last_name", "name", "phone", "email", "profile_pic", "locale",
				"gender" }) {
			json.put(field, "");
		}
		json.putNull("channel");
		json.putNull("subscribed_date");
		json.putArray("tags");
		json.putArray("custom_fields");
		return json;
	}

	static ObjectNode field(CbbCustomField field) {
		ObjectNode json = Json.object();
		json.put("id", field.id());
		json.put("name", field.name());
		json.put("type", field.type());
		json.put("description", field.description());
		return json;
	}

	static Reply success() {
		return Reply.ok(Json.object().put("success", true));
	}

	/** CBB reports many errors as HTTP 200 with {@code success:false}. */
	static Reply failure(String error) {
		return failure(200, error);
	}

	static Reply failure(int status, String error) {
		return Reply.json(status, Json.object().put("success", false).put("error", error));
	}

}
