package dev.switchboard.events.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLettersTest {

	@Test
	void keepsTheOriginalAndSaysWhyAndWhereFrom() {
		RecordHeaders headers = new RecordHeaders();
		headers.add("ce_id", "e1".getBytes(StandardCharsets.UTF_8));
		ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("wa.status.v1", 3, 42L, 0L,
				TimestampType.CREATE_TIME, 0, 0, "k", "{}".getBytes(StandardCharsets.UTF_8), headers, Optional.empty());
		ProducerRecord<String, byte[]> letter = DeadLetters.of(record, "wa.status.v1.dlq.g", "g",
				new IllegalStateException("boom"));
		assertThat(letter.topic()).isEqualTo("wa.status.v1.dlq.g");
		assertThat(letter.key()).isEqualTo("k");
		assertThat(letter.value()).isEqualTo(record.value());
		assertThat(text(letter, "ce_id")).isEqualTo("e1");
		assertThat(text(letter, "dlq-error")).isEqualTo("java.lang.IllegalStateException: boom");
		assertThat(text(letter, "dlq-original-topic")).isEqualTo("wa.status.v1");
		assertThat(text(letter, "dlq-original-partition")).isEqualTo("3");
		assertThat(text(letter, "dlq-original-offset")).isEqualTo("42");
		assertThat(text(letter, "dlq-consumer-group")).isEqualTo("g");
	}

	private static String text(ProducerRecord<String, byte[]> record, String name) {
		return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
	}

}
