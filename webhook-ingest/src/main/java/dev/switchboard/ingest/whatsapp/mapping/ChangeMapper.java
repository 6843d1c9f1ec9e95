package dev.switchboard.ingest.whatsapp.mapping;

import java.time.Instant;
import java.util.Set;

import dev.switchboard.events.EventType;
import dev.switchboard.events.wa.WaAccountUpdate;
import dev.switchboard.events.wa.WaTemplateCategory;
import dev.switchboard.events.wa.WaTemplateQuality;
import dev.switchboard.events.wa.WaTemplateStatus;
import dev.switchboard.events.wa.WaUnknownChange;
import tools.jackson.databind.JsonNode;

/**
 * Maps the changes that are not about single messages: template status, quality and
 * category, account-level updates and errors, and any other field (forwarded raw). A
 * known field whose value lacks its required parts is forwarded raw too, never dropped.
 */
public final class ChangeMapper {

	public static final String TEMPLATE_STATUS_FIELD = "message_template_status_update";

	public static final String TEMPLATE_QUALITY_FIELD = "message_template_quality_update";

	public static final String TEMPLATE_CATEGORY_FIELD = "template_category_update";

	/** Account-level fields carried as {@link WaAccountUpdate}. */
	public static final Set<String> ACCOUNT_FIELDS = Set.of("phone_number_quality_update", "phone_number_name_update",
			"account_update", "account_alerts", "account_review_update", "business_capability_update", "security");

	private ChangeMapper() {
	}

	/**
	 * A template status change, or its raw change when it lacks id, name, language or
	 * event.
	 */
	public static WebhookItem templateStatus(String wabaId, Instant time, String field, JsonNode value) {
		Long templateId = templateId(value);
		String name = Json.text(value, "message_template_name");
		String language = Json.text(value, "message_template_language");
		String event = Json.text(value, "event");
		if (wabaId == null || templateId == null || name == null || language == null || event == null) {
			return unknown(wabaId, time, field, value);
		}
		WaTemplateStatus status = new WaTemplateStatus(wabaId, templateId, name, language, event,
				Json.text(value, "reason"), Json.text(value, "message_template_category"), time);
		return new WebhookItem(EventType.WA_TEMPLATE_STATUS_V1, status, null, wabaId,
				wabaId + ":" + templateId + ":" + event + ":" + seconds(time), String.valueOf(templateId),
				String.valueOf(templateId), time);
	}

	/** A template quality change, or its raw change when it lacks the id or new score. */
	public static WebhookItem templateQuality(String wabaId, Instant time, String field, JsonNode value) {
		Long templateId = templateId(value);
		String newScore = Json.text(value, "new_quality_score");
		if (wabaId == null || templateId == null || newScore == null) {
			return unknown(wabaId, time, field, value);
		}
		WaTemplateQuality quality = new WaTemplateQuality(wabaId, templateId, Json.text(value, "message_template_name"),
				Json.text(value, "message_template_language"), Json.text(value, "previous_quality_score"), newScore,
				time);
		return new WebhookItem(EventType.WA_TEMPLATE_QUALITY_V1, quality, null, wabaId,
				wabaId + ":" + templateId + ":" + newScore + ":" + seconds(time), String.valueOf(templateId),
				String.valueOf(templateId), time);
	}

	/**
	 * A template category change (done or announced), or its raw change when it lacks the
	 * id or new category.
	 */
	public static WebhookItem templateCategory(String wabaId, Instant time, String field, JsonNode value) {
		Long templateId = templateId(value);
		String newCategory = Json.text(value, "new_category");
		if (wabaId == null || templateId == null || newCategory == null) {
			return unknown(wabaId, time, field, value);
		}
		WaTemplateCategory category = new WaTemplateCategory(wabaId, templateId,
				Json.text(value, "message_template_name"), Json.text(value, "message_template_language"),
				Json.text(value, "previous_category"), newCategory, Json.text(value, "correct_category"), time);
		return new WebhookItem(EventType.WA_TEMPLATE_CATEGORY_V1, category, null, wabaId,
				wabaId + ":" + templateId + ":category:" + newCategory + ":"
						+ String.valueOf(Json.text(value, "correct_category")) + ":" + seconds(time),
				String.valueOf(templateId), String.valueOf(templateId), time);
	}

	/**
	 * An account-level change, routed by its phone number when it names one
	 * ({@code value.errors} of a {@code messages} change), else by its WABA.
	 */
	public static WebhookItem accountUpdate(String wabaId, Instant time, String field, JsonNode value) {
		JsonNode metadata = value.path("metadata");
		String phoneNumberId = Json.text(metadata, "phone_number_id");
		String display = Json.text(metadata, "display_phone_number");
		WaAccountUpdate update = new WaAccountUpdate(wabaId, phoneNumberId,
				(display != null) ? display : Json.text(value, "display_phone_number"), field,
				Json.text(value, "event"), time, StatusMapper.errors(value), Json.map(value));
		return new WebhookItem(EventType.WA_ACCOUNT_UPDATE_V1, update, phoneNumberId, wabaId,
				identity(wabaId, phoneNumberId, field, time, value), field, keyPart(wabaId, phoneNumberId), time);
	}

	/** Any change forwarded raw. */
	public static WebhookItem unknown(String wabaId, Instant time, String field, JsonNode value) {
		String phoneNumberId = Json.text(value.path("metadata"), "phone_number_id");
		WaUnknownChange change = new WaUnknownChange(wabaId, phoneNumberId, field, time, Json.raw(value));
		return new WebhookItem(EventType.WA_UNKNOWN_CHANGE_V1, change, phoneNumberId, wabaId,
				identity(wabaId, phoneNumberId, field, time, value), field, keyPart(wabaId, phoneNumberId), time);
	}

	/**
	 * {@code message_template_id}, an integer in webhooks (a numeric string accepted).
	 */
	private static Long templateId(JsonNode value) {
		String text = Json.text(value, "message_template_id");
		try {
			return (text != null) ? Long.parseLong(text) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/** The same change delivered again has the same WABA, field, time and value. */
	private static String identity(String wabaId, String phoneNumberId, String field, Instant time, JsonNode value) {
		return wabaId + ":" + phoneNumberId + ":" + field + ":" + seconds(time) + ":" + Json.raw(value);
	}

	private static String keyPart(String wabaId, String phoneNumberId) {
		if (wabaId != null) {
			return wabaId;
		}
		return (phoneNumberId != null) ? phoneNumberId : "unknown";
	}

	private static String seconds(Instant time) {
		return (time != null) ? String.valueOf(time.getEpochSecond()) : "";
	}

}
