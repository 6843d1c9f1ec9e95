package dev.switchboard.ingest.whatsapp.mapping;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lenient reads of Meta's JSON: a field of an unexpected shape reads as absent instead of
 * failing the whole webhook.
 */
public final class Json {

	public static final JsonMapper MAPPER = JsonMapper.builder().build();

	private Json() {
	}

	/** A string or number field as text, or null when absent, null or blank. */
	public static String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		if (value.isString() || value.isNumber()) {
			String text = value.asString();
			return text.isBlank() ? null : text;
		}
		return null;
	}

	/** The elements of an array field, or none when the field is not an array. */
	public static List<JsonNode> array(JsonNode node, String field) {
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
	public static Instant epochSeconds(JsonNode node, String field) {
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

	/**
	 * An object verbatim as maps, lists, strings, numbers, booleans and nulls, or null
	 * when the node is not an object.
	 */
	@SuppressWarnings("unchecked")
	static Map<String, Object> map(JsonNode node) {
		return node.isObject() ? (Map<String, Object>) plain(node) : null;
	}

	/** Any JSON value as plain Java values (see {@link #map(JsonNode)}). */
	static Object plain(JsonNode node) {
		if (node.isObject()) {
			Map<String, Object> map = new LinkedHashMap<>();
			node.properties().forEach((property) -> map.put(property.getKey(), plain(property.getValue())));
			return map;
		}
		if (node.isArray()) {
			List<Object> list = new ArrayList<>(node.size());
			node.values().forEach((element) -> list.add(plain(element)));
			return list;
		}
		if (node.isString()) {
			return node.asString();
		}
		if (node.isNumber()) {
			return node.numberValue();
		}
		if (node.isBoolean()) {
			return node.asBoolean();
		}
		return null;
	}

	/** A JSON value as compact JSON text. */
	public static String raw(JsonNode node) {
		return MAPPER.writeValueAsString(node);
	}

}
