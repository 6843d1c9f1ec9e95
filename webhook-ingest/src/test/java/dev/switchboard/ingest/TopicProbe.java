package dev.switchboard.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import static org.awaitility.Awaitility.await;

/**
 * A plain Kafka consumer over every partition of one topic: end offsets before and after
 * a request, and the records written in between.
 */
public final class TopicProbe implements AutoCloseable {

	private final KafkaConsumer<String, byte[]> consumer;

	private final List<TopicPartition> partitions;

	public TopicProbe(String bootstrapServers, String topic) {
		this.consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.CLIENT_ID_CONFIG,
						"topic-probe-" + UUID.randomUUID(), ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
						StringDeserializer.class, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
						ByteArrayDeserializer.class, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
		this.partitions = this.consumer.partitionsFor(topic, Duration.ofSeconds(30))
			.stream()
			.map((info) -> new TopicPartition(topic, info.partition()))
			.toList();
		this.consumer.assign(this.partitions);
	}

	public Map<TopicPartition, Long> endOffsets() {
		return this.consumer.endOffsets(this.partitions, Duration.ofSeconds(30));
	}

	public static long total(Map<TopicPartition, Long> offsets) {
		return offsets.values().stream().mapToLong(Long::longValue).sum();
	}

	/** Reads from the given offsets until {@code expected} records arrived. */
	public List<ConsumerRecord<String, byte[]>> readFrom(Map<TopicPartition, Long> offsets, int expected) {
		offsets.forEach(this.consumer::seek);
		List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			this.consumer.poll(Duration.ofMillis(200)).forEach(records::add);
			return records.size() >= expected;
		});
		return records;
	}

	@Override
	public void close() {
		this.consumer.close(Duration.ofSeconds(5));
	}

}
