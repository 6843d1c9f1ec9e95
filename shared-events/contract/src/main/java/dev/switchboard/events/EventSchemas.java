package dev.switchboard.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Validates event payloads against the JSON Schemas (draft 2020-12) under
 * {@code /schemas/<type>.json}. Schemas allow additional properties so that older readers
 * accept newer writers.
 */
public final class EventSchemas {

	private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
			(builder) -> builder
				.schemaRegistryConfig(SchemaRegistryConfig.builder().pathType(PathType.JSON_PATH).build()));

	private static final Map<EventType, Schema> SCHEMAS = new ConcurrentHashMap<>();

	private EventSchemas() {
	}

	/**
	 * Validates one payload.
	 * @return the violations, each naming the failing JSON path; empty when valid
	 */
	public static List<String> validate(EventType type, byte[] json) {
		JsonNode node;
		try {
			node = EventJson.mapper().readTree(json);
		}
		catch (JacksonException ex) {
			return List.of("$: not valid JSON: " + ex.getOriginalMessage());
		}
		return schema(type).validate(node)
			.stream()
			.map((error) -> error.getInstanceLocation() + ": " + error.getMessage())
			.toList();
	}

	static Schema schema(EventType type) {
		return SCHEMAS.computeIfAbsent(type, EventSchemas::load);
	}

	private static Schema load(EventType type) {
		try (InputStream in = EventSchemas.class.getResourceAsStream(type.schemaResource())) {
			if (in == null) {
				throw new IllegalStateException("Missing schema " + type.schemaResource());
			}
			return REGISTRY.getSchema(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
