package dev.switchboard.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapping of event payloads: tolerant reader (unknown properties ignored),
 * no nulls written, Instants as ISO-8601 strings.
 */
public final class EventJson {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
		.changeDefaultPropertyInclusion((inclusion) -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
		.build();

	private EventJson() {
	}

	public static JsonMapper mapper() {
		return MAPPER;
	}

	/** Serialises a payload. */
	public static byte[] write(Object value) {
		return MAPPER.writeValueAsBytes(value);
	}

	/**
	 * Parses a payload.
	 * @throws JacksonException when the bytes are not valid JSON for the type
	 */
	public static <T> T read(byte[] json, Class<T> type) {
		return MAPPER.readValue(json, type);
	}

}
