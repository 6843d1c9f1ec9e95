package dev.switchboard.ingest.whatsapp.mapping;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.switchboard.events.wa.WaInboundMessage;
import dev.switchboard.events.wa.WaMessageContext;
import tools.jackson.databind.JsonNode;

/**
 * Maps one {@code messages[]} entry to a {@link WaInboundMessage}. The object named after
 * the type is kept verbatim, so unknown and future types pass through; the readable text
 * is extracted for the types that have one.
 */
public final class MessageMapper {

	/** Top-level message fields mapped to their own event fields. */
	private static final Set<String> MAPPED = Set.of("from", "from_user_id", "id", "timestamp", "type", "context",
			"referral", "errors");

	private MessageMapper() {
	}

	/**
	 * Maps a message.
	 * @param contacts the change's {@code contacts[]}, where the sender's profile name is
	 * @throws InvalidItemException when the id, type, timestamp, phone number id or both
	 * sender ids are missing
	 */
	public static WaInboundMessage map(JsonNode message, List<JsonNode> contacts, String wabaId, String phoneNumberId,
			String displayPhoneNumber) {
		String id = Json.text(message, "id");
		String type = Json.text(message, "type");
		Instant timestamp = Json.epochSeconds(message, "timestamp");
		String from = Json.text(message, "from");
		String fromUserId = Json.text(message, "from_user_id");
		if (phoneNumberId == null) {
			throw new InvalidItemException(InvalidItemException.MISSING_METADATA,
					"message " + id + " without metadata.phone_number_id");
		}
		if (id == null || type == null || timestamp == null) {
			throw new InvalidItemException(InvalidItemException.MISSING_REQUIRED_FIELD,
					"message " + id + " without id, type or timestamp");
		}
		if (from == null && fromUserId == null) {
			throw new InvalidItemException(InvalidItemException.MISSING_COUNTERPART,
					"message " + id + " without from or from_user_id");
		}
		JsonNode payload = message.path(type);
		return new WaInboundMessage(phoneNumberId, wabaId, displayPhoneNumber, id, from, fromUserId,
				profileName(contacts, from, fromUserId), timestamp, type, context(message.path("context")),
				Json.map(message.path("referral")), content(type, payload), text(type, payload),
				StatusMapper.errors(message), otherFields(message, type));
	}

	/** The sender's contact (by phone or BSUID), or the only contact of the change. */
	private static String profileName(List<JsonNode> contacts, String from, String fromUserId) {
		JsonNode sender = contacts.stream()
			.filter((contact) -> (from != null && from.equals(Json.text(contact, "wa_id")))
					|| (fromUserId != null && fromUserId.equals(Json.text(contact, "user_id"))))
			.findFirst()
			.orElse((contacts.size() == 1) ? contacts.get(0) : null);
		return (sender != null) ? Json.text(sender.path("profile"), "name") : null;
	}

	private static WaMessageContext context(JsonNode context) {
		if (!context.isObject()) {
			return null;
		}
		return new WaMessageContext(Json.text(context, "from"), Json.text(context, "id"),
				Json.bool(context, "forwarded"), Json.bool(context, "frequently_forwarded"),
				Json.map(context.path("referred_product")));
	}

	/**
	 * The type's object verbatim; a non-object value (contacts) wrapped under its name.
	 */
	private static Map<String, Object> content(String type, JsonNode payload) {
		if (payload.isMissingNode()) {
			return null;
		}
		if (payload.isObject()) {
			return Json.map(payload);
		}
		Map<String, Object> wrapped = new LinkedHashMap<>();
		wrapped.put(type, Json.plain(payload));
		return wrapped;
	}

	private static String text(String type, JsonNode payload) {
		switch (type) {
			case "text":
				return Json.text(payload, "body");
			case "image", "video", "document":
				return Json.text(payload, "caption");
			case "button":
				return Json.text(payload, "text");
			case "interactive":
				JsonNode reply = payload.path(Objects.requireNonNullElse(Json.text(payload, "type"), ""));
				String title = Json.text(reply, "title");
				return (title != null) ? title : Json.text(reply, "body");
			default:
				return null;
		}
	}

	private static Map<String, Object> otherFields(JsonNode message, String type) {
		Map<String, Object> others = new LinkedHashMap<>();
		message.properties().forEach((property) -> {
			if (!MAPPED.contains(property.getKey()) && !type.equals(property.getKey())) {
				others.put(property.getKey(), Json.plain(property.getValue()));
			}
		});
		return others.isEmpty() ? null : others;
	}

}
