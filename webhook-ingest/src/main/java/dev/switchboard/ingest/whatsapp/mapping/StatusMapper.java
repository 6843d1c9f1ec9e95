package dev.switchboard.ingest.whatsapp.mapping;

import java.time.Instant;
import java.util.List;

import dev.switchboard.events.wa.WaConversation;
import dev.switchboard.events.wa.WaError;
import dev.switchboard.events.wa.WaPricing;
import dev.switchboard.events.wa.WaStatus;
import tools.jackson.databind.JsonNode;

/**
 * Maps one {@code statuses[]} entry to a {@link WaStatus}. Optional parts (conversation,
 * pricing, errors, business-scoped user ids) may be missing; unknown status values and
 * unknown fields are tolerated.
 */
public final class StatusMapper {

	private StatusMapper() {
	}

	/**
	 * Maps a status.
	 * @throws InvalidItemException when the id, status, timestamp, phone number id or
	 * both recipient ids are missing
	 */
	public static WaStatus map(JsonNode status, String wabaId, String phoneNumberId, String displayPhoneNumber) {
		String wamid = Json.text(status, "id");
		String value = Json.text(status, "status");
		Instant timestamp = Json.epochSeconds(status, "timestamp");
		String recipientId = Json.text(status, "recipient_id");
		String recipientUserId = Json.text(status, "recipient_user_id");
		if (phoneNumberId == null) {
			throw new InvalidItemException(InvalidItemException.MISSING_METADATA,
					"status " + wamid + " without metadata.phone_number_id");
		}
		if (wamid == null || value == null || timestamp == null) {
			throw new InvalidItemException(InvalidItemException.MISSING_REQUIRED_FIELD,
					"status " + wamid + " without id, status or timestamp");
		}
		if (recipientId == null && recipientUserId == null) {
			throw new InvalidItemException(InvalidItemException.MISSING_COUNTERPART,
					"status " + wamid + " without recipient_id or recipient_user_id");
		}
		return new WaStatus(phoneNumberId, wabaId, displayPhoneNumber, wamid, value, timestamp, recipientId,
				recipientUserId, Json.text(status, "biz_opaque_callback_data"),
				conversation(status.path("conversation")), pricing(status.path("pricing")), errors(status));
	}

	private static WaConversation conversation(JsonNode conversation) {
		if (!conversation.isObject()) {
			return null;
		}
		return new WaConversation(Json.text(conversation, "id"),
				Json.epochSeconds(conversation, "expiration_timestamp"),
				Json.text(conversation.path("origin"), "type"));
	}

	private static WaPricing pricing(JsonNode pricing) {
		if (!pricing.isObject()) {
			return null;
		}
		return new WaPricing(Json.bool(pricing, "billable"), Json.text(pricing, "pricing_model"),
				Json.text(pricing, "type"), Json.text(pricing, "category"));
	}

	/** The {@code errors[]} of a status, message or change value, or null when none. */
	static List<WaError> errors(JsonNode status) {
		List<JsonNode> errors = Json.array(status, "errors");
		if (errors.isEmpty()) {
			return null;
		}
		return errors.stream()
			.filter(JsonNode::isObject)
			.map((error) -> new WaError(error.path("code").asInt(0), Json.text(error, "title"),
					Json.text(error, "message"), Json.text(error.path("error_data"), "details"),
					Json.text(error, "href")))
			.toList();
	}

}
