package dev.switchboard.ingest.whatsapp;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * Lenient reads of Meta's JSON: a field of an unexpected shape reads as absent instead of
 * failing the whole webhook.
 */
final class Json {

	private Json() {
	}

	/** A string or number field as text, or null when absent, null or blank. */
	static String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		if (value.isString() || value.isNumber()) {
			String text = value.asString();
			return text.isBlank() ? null : text;
		}
		return null;
	}

	/** The elements of an array field, or none when the field is not an array. */
	static List<JsonNode> array(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return value.isArray() ? value.valueStream().toList() : List.of();
	}

	/** A boolean field, or null when it is not a boolean. */
	static Boolean bool(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return value.isBoolean() ? value.asBoolean() : null;
	}

	/**
	 * A Unix-seconds timestamp, sent by Meta as a string (sometimes as a number), or null
	 * when absent or not a whole number.
	 */
	static Instant epochSeconds(JsonNode node, String field) {
		String text = text(node, field);
		if (text == null) {
			return null;
		}
		try {
			return Instant.ofEpochSecond(Long.parseLong(text));
		}
		catch (NumberFormatException | DateTimeException ex) {
			return null;
		}
	}

}
