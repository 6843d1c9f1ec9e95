package dev.switchboard.events.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.CloudEventCodec;
import dev.switchboard.events.kafka.KafkaSettings;
import dev.switchboard.events.messaging.MessageStatusChanged;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a topic from its end at creation on, without a consumer group (no rebalance to
 * wait for). Not thread-safe: poll from the test thread.
 */
final class TopicTail implements AutoCloseable {

	private final KafkaConsumer<String, byte[]> consumer;

	private final List<EventEnvelope<MessageStatusChanged>> events = new ArrayList<>();

	TopicTail(KafkaSettings settings, Topic topic) {
		this.consumer = new KafkaConsumer<>(settings.readerProperties("outbox-it"));
		List<TopicPartition> partitions = this.consumer.partitionsFor(topic.topicName())
			.stream()
			.map((partition) -> new TopicPartition(partition.topic(), partition.partition()))
			.toList();
		this.consumer.assign(partitions);
		this.consumer.seekToEnd(partitions);
		// Resolve the end offsets now, so later records are never skipped.
		partitions.forEach(this.consumer::position);
	}

	/** Every event read so far, in the order of each partition. */
	List<EventEnvelope<MessageStatusChanged>> poll() {
		for (ConsumerRecord<String, byte[]> record : this.consumer.poll(Duration.ofMillis(100))) {
			this.events.add(CloudEventCodec.decode(record.headers(), record.value(), MessageStatusChanged.class));
		}
		return List.copyOf(this.events);
	}

	@Override
	public void close() {
		this.consumer.close();
	}

}
