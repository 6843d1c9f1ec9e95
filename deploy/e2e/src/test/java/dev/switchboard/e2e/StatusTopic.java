package dev.switchboard.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.events.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import static org.awaitility.Awaitility.await;

/** What {@code wa.status.v1} holds, read by a plain consumer over every partition. */
final class StatusTopic {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private StatusTopic() {
	}

	/** The end offset of every partition. */
	static Map<TopicPartition, Long> endOffsets(String bootstrapServers) {
		try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrapServers)) {
			return consumer.endOffsets(partitions(consumer), PATIENCE);
		}
	}

	/**
	 * How often each wamid (the status events' subject) was written from the offsets to
	 * the current end.
	 */
	static Map<String, Integer> wamidsSince(String bootstrapServers, Map<TopicPartition, Long> from) {
		try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrapServers)) {
			consumer.assign(from.keySet());
			from.forEach(consumer::seek);
			Map<TopicPartition, Long> end = consumer.endOffsets(from.keySet(), PATIENCE);
			Map<String, Integer> wamids = new HashMap<>();
			await().atMost(PATIENCE).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach((record) -> {
					Header subject = record.headers().lastHeader("ce_subject");
					if (subject != null) {
						wamids.merge(new String(subject.value(), StandardCharsets.UTF_8), 1, Integer::sum);
					}
				});
				return end.entrySet()
					.stream()
					.allMatch((partition) -> consumer.position(partition.getKey()) >= partition.getValue());
			});
			return wamids;
		}
	}

	private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer) {
		String topic = Topic.WA_STATUS.topicName();
		return consumer.partitionsFor(topic, PATIENCE)
			.stream()
			.map((info) -> new TopicPartition(topic, info.partition()))
			.toList();
	}

	private static KafkaConsumer<String, byte[]> consumer(String bootstrapServers) {
		return new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.CLIENT_ID_CONFIG,
						"status-topic-" + UUID.randomUUID(), ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
						StringDeserializer.class, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
						ByteArrayDeserializer.class, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
	}

}
