package dev.switchboard.events.kafka;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventJson;
import dev.switchboard.events.messaging.MessageStatusChanged;
import dev.switchboard.events.messaging.SendMessageCommand;
import dev.switchboard.events.wa.WaStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CloudEventCodecTest {

	private final EventEnvelope<WaStatus> event = TestEvents.status("demo", "wamid.1", "failed")
		.withCorrelationId("corr-1")
		.withTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

	@Test
	void encodesInBinaryModeWithExtensionsAndTraceContext() {
		ProducerRecord<String, byte[]> record = CloudEventCodec.encode("wa.status.v1", "demo:16505551234", this.event);
		assertThat(record.topic()).isEqualTo("wa.status.v1");
		assertThat(record.key()).isEqualTo("demo:16505551234");
		assertThat(record.value()).isEqualTo(EventJson.write(this.event.data()));
		assertThat(header(record, "ce_id")).isEqualTo(this.event.id());
		assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
		assertThat(header(record, "ce_type")).isEqualTo("switchboard.wa.status.v1");
		assertThat(header(record, "ce_source")).isEqualTo("urn:switchboard:test");
		assertThat(header(record, "ce_subject")).isEqualTo("wamid.1");
		assertThat(header(record, "ce_time")).isNotBlank();
		assertThat(header(record, "content-type")).isEqualTo("application/json");
		assertThat(header(record, "ce_tenantid")).isEqualTo("demo");
		assertThat(header(record, "ce_correlationid")).isEqualTo("corr-1");
		assertThat(header(record, "traceparent")).startsWith("00-4bf92f");
	}

	@Test
	void decodesWhatItEncoded() {
		ProducerRecord<String, byte[]> record = CloudEventCodec.encode("wa.status.v1", "k", this.event);
		assertThat(CloudEventCodec.decode(record.headers(), record.value(), WaStatus.class)).isEqualTo(this.event);
		assertThat(CloudEventCodec.decode(record.headers(), record.value()).data()).isEqualTo(this.event.data());
		assertThat(CloudEventCodec.decode(record.headers(), record.value(), JsonNode.class)
			.data()
			.path("wamid")
			.asString()).isEqualTo("wamid.1");
	}

	@Test
	void leavesOptionalAttributesOut() {
		EventEnvelope<SendMessageCommand> bare = TestEvents.command("demo", "c", 1);
		bare = new EventEnvelope<>(bare.id(), bare.type(), bare.source(), bare.time(), null, "demo", null, null,
				bare.data());
		ProducerRecord<String, byte[]> record = CloudEventCodec.encode("t", null, bare);
		assertThat(record.headers().lastHeader("ce_subject")).isNull();
		assertThat(record.headers().lastHeader("ce_correlationid")).isNull();
		assertThat(record.headers().lastHeader("traceparent")).isNull();
		assertThat(CloudEventCodec.decode(record.headers(), record.value(), SendMessageCommand.class)).isEqualTo(bare);
	}

	@Test
	void rejectsWrongPayloadTypes() {
		ProducerRecord<String, byte[]> record = CloudEventCodec.encode("t", "k", this.event);
		assertThatExceptionOfType(EventDecodingException.class)
			.isThrownBy(() -> CloudEventCodec.decode(record.headers(), record.value(), MessageStatusChanged.class))
			.withMessageContaining("carries WaStatus");
	}

	@Test
	void rejectsUnknownTypesAndForeignRecords() {
		ProducerRecord<String, byte[]> record = CloudEventCodec.encode("t", "k", this.event);
		record.headers().remove("ce_type");
		record.headers().add("ce_type", "switchboard.unknown.v1".getBytes(StandardCharsets.UTF_8));
		assertThatExceptionOfType(EventDecodingException.class)
			.isThrownBy(() -> CloudEventCodec.decode(record.headers(), record.value()))
			.withMessageContaining("Unknown event type switchboard.unknown.v1");
		assertThatExceptionOfType(EventDecodingException.class)
			.isThrownBy(() -> CloudEventCodec.decode(new RecordHeaders(), "{}".getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void rejectsUnreadableData() {
		ProducerRecord<String, byte[]> record = CloudEventCodec.encode("t", "k", this.event);
		assertThatExceptionOfType(EventDecodingException.class)
			.isThrownBy(() -> CloudEventCodec.decode(record.headers(), "{not json".getBytes(StandardCharsets.UTF_8)))
			.withMessageContaining("Unreadable event");
	}

	private static String header(ProducerRecord<String, byte[]> record, String name) {
		return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
	}

}
