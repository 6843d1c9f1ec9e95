package dev.switchboard.events.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading a time range of a topic against a real broker: every partition, only the
 * records whose time lies in {@code [from, to)}, and no record written after reading
 * started.
 */
class TopicRangeIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static EventPublisher publisher;

	private static String topic;

	/** Recent, so that the topic's retention leaves the records alone. */
	private static Instant t0;

	@BeforeAll
	static void write() {
		publisher = new EventPublisher(EmbeddedKafka.settings());
		topic = "topic-range-it-" + UUID.randomUUID();
		TopicAdmin.ensureTopics(EmbeddedKafka.settings(), List.of(topic)).block(TIMEOUT);
		t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
		// Partition 0: a0..a3 at t0 + 0, 1, 2, 3 minutes; partition 1: b0..b2 at t0 +
		// 0.5, 2.5, 3.5 minutes.
		send(List.of(record(0, "a0", 0), record(0, "a1", 60), record(0, "a2", 120), record(0, "a3", 180),
				record(1, "b0", 30), record(1, "b1", 150), record(1, "b2", 210)));
	}

	@AfterAll
	static void stop() {
		publisher.close();
	}

	@Test
	void readsTheRecordsOfTheRangeFromEveryPartition() {
		List<String> read = new CopyOnWriteArrayList<>();

		long count = TopicRange.read(EmbeddedKafka.settings(), "it", topic, t0.plusSeconds(60), t0.plusSeconds(180),
				(batch) -> batch.forEach((record) -> read.add(value(record))));

		assertThat(read).containsExactlyInAnyOrder("a1", "a2", "b1");
		assertThat(count).isEqualTo(3);
	}

	@Test
	void stopsAtTheEndOffsetsSeenWhenReadingStarts() {
		List<String> read = new CopyOnWriteArrayList<>();

		// Records written while reading, inside the range by their time, are not read.
		long count = TopicRange.read(EmbeddedKafka.settings(), "it", topic, t0.plusSeconds(120),
				t0.plus(Duration.ofDays(1)), (batch) -> {
					if (read.isEmpty()) {
						send(List.of(record(0, "late-a", 240), record(1, "late-b", 240)));
					}
					batch.forEach((record) -> read.add(value(record)));
				});

		assertThat(read).containsExactlyInAnyOrder("a2", "a3", "b1", "b2");
		assertThat(count).isEqualTo(4);
	}

	@Test
	void handsNothingOverForARangeWithoutRecords() {
		List<String> read = new CopyOnWriteArrayList<>();

		long count = TopicRange.read(EmbeddedKafka.settings(), "it", topic, t0.plus(Duration.ofDays(1)),
				t0.plus(Duration.ofDays(2)), (batch) -> batch.forEach((record) -> read.add(value(record))));

		assertThat(read).isEmpty();
		assertThat(count).isZero();
	}

	private static ProducerRecord<String, byte[]> record(int partition, String value, long secondsAfterT0) {
		return new ProducerRecord<>(topic, partition, t0.plusSeconds(secondsAfterT0).toEpochMilli(), value,
				value.getBytes(StandardCharsets.UTF_8));
	}

	private static void send(List<ProducerRecord<String, byte[]>> records) {
		Flux.fromIterable(records).concatMap(publisher::send).then().block(TIMEOUT);
	}

	private static String value(ConsumerRecord<String, byte[]> record) {
		return new String(record.value(), StandardCharsets.UTF_8);
	}

}
