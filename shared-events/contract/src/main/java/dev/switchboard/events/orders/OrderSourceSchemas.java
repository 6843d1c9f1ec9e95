package dev.switchboard.events.orders;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import dev.switchboard.events.EventJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The JSON Schemas (draft 2020-12) of what order sources post to us, as opposed to the
 * events we publish. Violations are reported per field as JSON Pointers; {@code format}
 * is asserted (e-mail addresses are checked), unlike in event schemas.
 */
public final class OrderSourceSchemas {

	/** Vizi's {@code {form, order}} order webhook body. */
	public static final String VIZI_ORDER = "/schemas/vizi-order.json";

	private static final SchemaRegistry REGISTRY = SchemaRegistry
		.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, (builder) -> builder.schemaRegistryConfig(
				SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER).formatAssertionsEnabled(true).build()));

	private static final Schema VIZI = load(VIZI_ORDER);

	private OrderSourceSchemas() {
	}

	/** Validates a Vizi order body; empty when valid. */
	public static List<SchemaViolation> validateVizi(byte[] json) {
		JsonNode node;
		try {
			node = EventJson.mapper().readTree(json);
		}
		catch (JacksonException ex) {
			return List.of(new SchemaViolation("", "not valid JSON: " + ex.getOriginalMessage()));
		}
		return validateVizi(node);
	}

	/** Validates a parsed Vizi order body; empty when valid. */
	public static List<SchemaViolation> validateVizi(JsonNode node) {
		return VIZI.validate(node).stream().map(OrderSourceSchemas::violation).toList();
	}

	static Schema vizi() {
		return VIZI;
	}

	private static SchemaViolation violation(Error error) {
		String pointer = error.getInstanceLocation().toString();
		// A missing property is reported on its parent; point at the property itself.
		if ("required".equals(error.getKeyword()) && error.getProperty() != null) {
			pointer = pointer + "/" + escape(error.getProperty());
		}
		return new SchemaViolation(pointer, error.getMessage());
	}

	private static String escape(String name) {
		return name.replace("~", "~0").replace("/", "~1");
	}

	private static Schema load(String resource) {
		try (InputStream in = OrderSourceSchemas.class.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("Missing schema " + resource);
			}
			return REGISTRY.getSchema(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
