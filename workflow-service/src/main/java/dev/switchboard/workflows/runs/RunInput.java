package dev.switchboard.workflows.runs;

import java.util.Map;

import dev.switchboard.events.EventJson;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/** A manual run's input as the run's data holds it. */
final class RunInput {

	private RunInput() {
	}

	static Map<String, Object> toMap(JsonNode input) {
		return EventJson.mapper().convertValue(input, new TypeReference<Map<String, Object>>() {
		});
	}

}
