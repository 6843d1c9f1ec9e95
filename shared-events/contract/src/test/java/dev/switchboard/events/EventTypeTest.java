package dev.switchboard.events;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.switchboard.events.messaging.SendMessageCommand;

import static org.assertj.core.api.Assertions.assertThat;

class EventTypeTest {

	@Test
	void typesAreUniqueAndVersioned() {
		assertThat(Arrays.stream(EventType.values()).map(EventType::type)).doesNotHaveDuplicates()
			.allMatch((type) -> type.matches("switchboard\\.[a-z.-]+\\.v\\d+"));
	}

	@Test
	void findsTypesByName() {
		assertThat(EventType.byType("switchboard.wa.status.v1")).contains(EventType.WA_STATUS_V1);
		assertThat(EventType.byType("switchboard.wa.status.v2")).isEmpty();
		assertThat(EventType.MESSAGE_SEND_REQUESTED_V1.topic()).isEqualTo(Topic.MESSAGING_COMMANDS);
		assertThat(EventType.MESSAGE_SEND_REQUESTED_V1.payloadClass()).isEqualTo(SendMessageCommand.class);
		assertThat(EventType.WA_STATUS_V1.schemaResource()).isEqualTo("/schemas/switchboard.wa.status.v1.json");
	}

	@ParameterizedTest
	@EnumSource(EventType.class)
	void everyTypeHasItsSchemaOnTheClasspath(EventType type) {
		assertThat(EventType.class.getResource(type.schemaResource())).isNotNull();
	}

}
