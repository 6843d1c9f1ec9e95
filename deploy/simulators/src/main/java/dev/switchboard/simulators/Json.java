package dev.switchboard.simulators;

import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** JSON reading and writing, including Meta's escaped webhook form. */
final class Json {

	static final JsonMapper MAPPER = JsonMapper.builder().build();

	/**
	 * Meta signs its escaped serialisation: non-ASCII as lowercase {@code \\uXXXX} and
	 * {@code /} as {@code \/}. Webhooks use it so consumers must verify the raw bytes.
	 */
	private static final JsonMapper META = JsonMapper.builder()
		.enable(JsonWriteFeature.ESCAPE_NON_ASCII, JsonWriteFeature.ESCAPE_FORWARD_SLASHES)
		.disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
		.build();

	private Json() {
	}

	static ObjectNode object() {
		return MAPPER.createObjectNode();
	}

	static ArrayNode array() {
		return MAPPER.createArrayNode();
	}

	static byte[] bytes(JsonNode node) {
		return MAPPER.writeValueAsBytes(node);
	}

	static byte[] metaBytes(JsonNode node) {
		return META.writeValueAsBytes(node);
	}

	/** The parsed body, empty when it is not JSON. */
	static Optional<JsonNode> parse(byte[] body) {
		if (body == null || body.length == 0) {
			return Optional.empty();
		}
		try {
			return Optional.of(MAPPER.readTree(body));
		}
		catch (JacksonException ex) {
			return Optional.empty();
		}
	}

	/** The parsed JSON text; the text must be valid JSON. */
	static JsonNode parse(String text) {
		return MAPPER.readTree(text);
	}

	/** The field as text when it is a string or a number, otherwise null. */
	static String text(JsonNode node, String field) {
		JsonNode value = (node != null) ? node.get(field) : null;
		if (value == null || !(value.isString() || value.isNumber() || value.isBoolean())) {
			return null;
		}
		return value.asString();
	}

	/** The field as text, or the fallback when absent or blank. */
	static String text(JsonNode node, String field, String fallback) {
		String value = text(node, field);
		return (value == null || value.isBlank()) ? fallback : value;
	}

}
