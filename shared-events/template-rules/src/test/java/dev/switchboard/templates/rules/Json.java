package dev.switchboard.templates.rules;

import java.util.List;
import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Templates and sends written as JSON (single quotes allowed), parsed as the services
 * parse them.
 */
final class Json {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(tools.jackson.core.json.JsonReadFeature.ALLOW_SINGLE_QUOTES)
		.build();

	private Json() {
	}

	static List<Map<String, Object>> list(String json) {
		return MAPPER.readValue(json, new TypeReference<List<Map<String, Object>>>() {
		});
	}

	/** A list of anything: sends may hold what is not a component. */
	static List<Object> values(String json) {
		return MAPPER.readValue(json, new TypeReference<List<Object>>() {
		});
	}

	static Map<String, Object> object(String json) {
		return MAPPER.readValue(json, new TypeReference<Map<String, Object>>() {
		});
	}

}
