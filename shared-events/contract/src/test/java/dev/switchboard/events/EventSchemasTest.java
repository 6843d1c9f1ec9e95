package dev.switchboard.events;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class EventSchemasTest {

	@Test
	void reportsViolationsWithTheirJsonPath() {
		List<String> violations = EventSchemas.validate(EventType.WA_STATUS_V1,
				Fixtures.bytes("wa-status-invalid.json"));
		assertThat(violations).anySatisfy((violation) -> assertThat(violation).startsWith("$.wamid"))
			.anySatisfy((violation) -> assertThat(violation).startsWith("$.errors[0]").contains("code"))
			.anySatisfy((violation) -> assertThat(violation).startsWith("$").contains("status"));
	}

	@Test
	void toleratesUnknownProperties() {
		assertThat(EventSchemas.validate(EventType.WA_STATUS_V1, Fixtures.bytes("wa-status-future-fields.json")))
			.isEmpty();
	}

	@Test
	void requiresSomeRecipient() {
		String json = """
				{"phoneNumberId":"1","wamid":"wamid.1","status":"sent","timestamp":"2025-06-15T23:27:53Z"}""";
		assertThat(EventSchemas.validate(EventType.WA_STATUS_V1, json.getBytes())).isNotEmpty();
	}

	@Test
	void requiresTextForTextMessages() {
		String json = """
				{"messageId":"m","channelId":"c","to":"1","type":"text"}""";
		assertThat(EventSchemas.validate(EventType.MESSAGE_SEND_REQUESTED_V1, json.getBytes()))
			.anySatisfy((violation) -> assertThat(violation).contains("text"));
	}

	@Test
	void reportsMalformedJson() {
		assertThat(EventSchemas.validate(EventType.WA_STATUS_V1, "{not json".getBytes())).singleElement()
			.asString()
			.startsWith("$: not valid JSON");
	}

	@ParameterizedTest
	@EnumSource(EventType.class)
	void everyTypeHasAnOpenDraft202012Schema(EventType type) {
		JsonNode schema = EventSchemas.schema(type).getSchemaNode();
		assertThat(schema.path("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
		assertThat(schema.path("$id").asString()).endsWith(type.type() + ".json");
		assertThat(nodes(schema)).noneMatch((node) -> node.path("additionalProperties").isBoolean()
				&& !node.path("additionalProperties").asBoolean());
	}

	private static Stream<JsonNode> nodes(JsonNode node) {
		return Stream.concat(Stream.of(node), node.values().stream().flatMap(EventSchemasTest::nodes));
	}

}
