package dev.switchboard.events;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.switchboard.events.messaging.SendMessageCommand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class EventEnvelopeTest {

	private static final URI SOURCE = URI.create("urn:switchboard:test");

	private static final SendMessageCommand COMMAND = new SendMessageCommand("m1", "demo-meta", "100000000000001",
			"16505551234", "text", "hi", null);

	@Test
	void factoryFillsIdAndTime() {
		Instant before = Instant.now();
		EventEnvelope<SendMessageCommand> event = EventEnvelope.of(EventType.MESSAGE_SEND_REQUESTED_V1, SOURCE, "demo",
				"m1", COMMAND);
		assertThat(event.id()).hasSize(36);
		assertThat(event.time()).isBetween(before, Instant.now());
		assertThat(event.correlationId()).isNull();
		assertThat(event.traceparent()).isNull();
		assertThat(EventEnvelope.of(EventType.MESSAGE_SEND_REQUESTED_V1, SOURCE, "demo", "m1", COMMAND).id())
			.isNotEqualTo(event.id());
	}

	@Test
	void copiesWithCorrelationAndTraceContext() {
		EventEnvelope<SendMessageCommand> event = EventEnvelope
			.of(EventType.MESSAGE_SEND_REQUESTED_V1, SOURCE, "demo", "m1", COMMAND)
			.withCorrelationId("corr-1")
			.withTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
		assertThat(event.correlationId()).isEqualTo("corr-1");
		assertThat(event.traceparent()).startsWith("00-4bf92f");
		assertThat(event.data()).isSameAs(COMMAND);
	}

	@Test
	void rejectsMissingRequiredAttributes() {
		assertThatNullPointerException()
			.isThrownBy(() -> EventEnvelope.of(EventType.MESSAGE_SEND_REQUESTED_V1, SOURCE, null, "m1", COMMAND));
		assertThatNullPointerException()
			.isThrownBy(() -> EventEnvelope.of(EventType.MESSAGE_SEND_REQUESTED_V1, SOURCE, "demo", "m1", null));
		assertThatNullPointerException().isThrownBy(() -> EventEnvelope.of(null, SOURCE, "demo", "m1", COMMAND));
	}

	@Test
	void randomIdsAreVersion4UuidsAndDistinct() {
		UUID id = UUID.fromString(EventEnvelope.randomId());
		assertThat(id.version()).isEqualTo(4);
		assertThat(id.variant()).isEqualTo(2);
		assertThat(EventEnvelope.randomId()).isNotEqualTo(EventEnvelope.randomId());
	}

}
