package dev.switchboard.events.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads every record of a topic whose timestamp lies in {@code [from, to)}, partition by
 * partition, up to the end offsets seen when reading starts. Blocking: call it off the
 * event loop. No consumer group, nothing committed.
 */
public final class TopicRange {

	private static final Duration POLL = Duration.ofMillis(500);

	private static final Duration API_TIMEOUT = Duration.ofSeconds(30);

	private TopicRange() {
	}

	/**
	 * Hands each record in the range to {@code handler}, one poll batch at a time.
	 * @param settings where Kafka is
	 * @param role names the reader in its client id, e.g. {@code redrive}
	 * @param topic the topic to read
	 * @param from start of the range (record time, inclusive)
	 * @param to end of the range (exclusive)
	 * @param handler takes each batch of records in the range
	 * @return the records handed to {@code handler}
	 */
	public static long read(KafkaSettings settings, String role, String topic, Instant from, Instant to,
			Consumer<List<ConsumerRecord<String, byte[]>>> handler) {
		long read = 0;
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings.readerProperties(role))) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic, API_TIMEOUT)
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions, API_TIMEOUT);
			Map<TopicPartition, Long> timestamps = new HashMap<>();
			partitions.forEach((partition) -> timestamps.put(partition, from.toEpochMilli()));
			Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(timestamps, API_TIMEOUT);
			Map<TopicPartition, Long> remaining = new HashMap<>();
			Map<TopicPartition, Long> firsts = new HashMap<>();
			for (TopicPartition partition : partitions) {
				OffsetAndTimestamp start = starts.get(partition);
				long offset = (start != null) ? start.offset() : end.get(partition);
				if (offset < end.get(partition)) {
					firsts.put(partition, offset);
					remaining.put(partition, end.get(partition));
				}
			}
			consumer.assign(remaining.keySet());
			firsts.forEach(consumer::seek);
			long toMillis = to.toEpochMilli();
			while (!remaining.isEmpty()) {
				List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();
				for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
					TopicPartition partition = new TopicPartition(record.topic(), record.partition());
					Long stop = remaining.get(partition);
					if (stop == null) {
						continue;
					}
					// Record timestamps grow within a partition: the first one past the
					// range ends that partition.
					boolean inRange = record.offset() < stop && record.timestamp() < toMillis;
					if (inRange) {
						batch.add(record);
					}
					if (!inRange || record.offset() >= stop - 1) {
						remaining.remove(partition);
						consumer.pause(List.of(partition));
					}
				}
				if (!batch.isEmpty()) {
					handler.accept(batch);
					read += batch.size();
				}
			}
		}
		return read;
	}

}
