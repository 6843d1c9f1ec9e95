package dev.switchboard.events.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

/**
 * Copies the records of a dead-letter topic ({@code <topic>.dlq.<group>}) back to the
 * topic they came from: all of them, those dead-lettered in a time range, or those of one
 * key. Each copy carries the original key, value and headers without the dead-letter
 * headers, so that it is the record the consumers saw first; consumers that handled it
 * already skip it (inbox, idempotent folds). The work is bounded: the topic is read up to
 * the end offsets seen at the start, and the copies written after are never read.
 * Blocking: call it off the event loop. No consumer group, nothing committed.
 */
public final class DeadLetterRedrive {

	private static final Logger log = LoggerFactory.getLogger(DeadLetterRedrive.class);

	private static final String DLQ_MARKER = ".dlq.";

	private static final Duration POLL = Duration.ofMillis(500);

	private static final Set<String> DEAD_LETTER_HEADERS = Set.of(DeadLetters.ERROR, DeadLetters.ORIGINAL_TOPIC,
			DeadLetters.ORIGINAL_PARTITION, DeadLetters.ORIGINAL_OFFSET, DeadLetters.CONSUMER_GROUP);

	private final KafkaSettings settings;

	private final EventPublisher publisher;

	private final Duration timeout;

	/**
	 * @param settings where Kafka is
	 * @param publisher writes the copies (acknowledged before they count)
	 */
	public DeadLetterRedrive(KafkaSettings settings, EventPublisher publisher) {
		this.settings = Objects.requireNonNull(settings, "settings");
		this.publisher = Objects.requireNonNull(publisher, "publisher");
		// Metadata, offsets and each poll batch's acknowledgements: the publisher's
		// bound with a margin.
		this.timeout = settings.deliveryTimeout().multipliedBy(2).plusSeconds(5);
	}

	/**
	 * The topic a dead-letter topic holds records of: {@code wa.status.v1} for
	 * {@code wa.status.v1.dlq.messaging-service.statuses}.
	 * @throws IllegalArgumentException when the name is no dead-letter topic's
	 */
	public static String sourceOf(String deadLetterTopic) {
		int marker = (deadLetterTopic != null) ? deadLetterTopic.indexOf(DLQ_MARKER) : -1;
		if (marker <= 0 || marker + DLQ_MARKER.length() >= deadLetterTopic.length()) {
			throw new IllegalArgumentException("Not a dead-letter topic (<topic>.dlq.<group>): " + deadLetterTopic);
		}
		return deadLetterTopic.substring(0, marker);
	}

	/**
	 * Copies the dead-letter topic's records that the filter selects back to their source
	 * topic and returns once every copy was acknowledged.
	 * @param deadLetterTopic {@code <topic>.dlq.<group>}
	 * @param filter which records to copy
	 * @return what was read, copied and skipped
	 * @throws IllegalArgumentException when the topic is no dead-letter topic or does not
	 * exist
	 */
	public Report redrive(String deadLetterTopic, Filter filter) {
		String source = sourceOf(deadLetterTopic);
		long read = 0;
		long copied = 0;
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				this.settings.readerProperties("dead-letter-redrive"))) {
			List<TopicPartition> partitions = partitions(consumer, deadLetterTopic);
			consumer.assign(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, this.timeout);
			Map<TopicPartition, Long> starts = starts(consumer, partitions, ends, filter.from());
			Set<TopicPartition> remaining = new HashSet<>();
			partitions.stream()
				.filter((partition) -> starts.get(partition) < ends.get(partition))
				.forEach(remaining::add);
			consumer.assign(remaining);
			remaining.forEach((partition) -> consumer.seek(partition, starts.get(partition)));
			while (!remaining.isEmpty()) {
				List<ProducerRecord<String, byte[]>> copies = new ArrayList<>();
				for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
					TopicPartition partition = new TopicPartition(record.topic(), record.partition());
					if (record.offset() >= ends.get(partition)) {
						continue;
					}
					read++;
					if (filter.selects(record.key(), Instant.ofEpochMilli(record.timestamp()))
							&& fromSource(record, source)) {
						copies.add(copy(record, source));
					}
				}
				publish(copies);
				copied += copies.size();
				// The position, not the last record: it also passes offsets without a
				// record (transaction markers, compacted or expired ones).
				remaining.removeIf((partition) -> consumer.position(partition, this.timeout) >= ends.get(partition));
				consumer.pause(
						consumer.assignment().stream().filter((partition) -> !remaining.contains(partition)).toList());
			}
		}
		Report report = new Report(deadLetterTopic, source, read, copied, read - copied);
		log.info("Re-drove {} ({}): {} records read, {} copied to {}, {} skipped", deadLetterTopic, filter, read,
				copied, source, read - copied);
		return report;
	}

	/** Records the dead-letter topic holds now (0 when it does not exist). */
	public long held(String deadLetterTopic) {
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				this.settings.readerProperties("dead-letter-count"))) {
			List<TopicPartition> partitions = partitions(consumer, deadLetterTopic);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, this.timeout);
			Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions, this.timeout);
			return partitions.stream().mapToLong((partition) -> ends.get(partition) - beginnings.get(partition)).sum();
		}
	}

	private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic) {
		List<PartitionInfo> infos = consumer.partitionsFor(topic, this.timeout);
		return (infos != null) ? infos.stream().map((info) -> new TopicPartition(topic, info.partition())).toList()
				: List.of();
	}

	private Map<TopicPartition, Long> starts(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions,
			Map<TopicPartition, Long> ends, Instant from) {
		if (from == null) {
			return consumer.beginningOffsets(partitions, this.timeout);
		}
		Map<TopicPartition, Long> times = new HashMap<>();
		partitions.forEach((partition) -> times.put(partition, from.toEpochMilli()));
		Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(times, this.timeout);
		Map<TopicPartition, Long> starts = new HashMap<>();
		for (TopicPartition partition : partitions) {
			OffsetAndTimestamp start = found.get(partition);
			// No record at or after `from`: nothing to read in that partition.
			starts.put(partition, (start != null) ? start.offset() : ends.get(partition));
		}
		return starts;
	}

	/**
	 * Whether the record came from the source topic; one that names another is left where
	 * it is, whatever put it there.
	 */
	private static boolean fromSource(ConsumerRecord<String, byte[]> record, String source) {
		Header original = record.headers().lastHeader(DeadLetters.ORIGINAL_TOPIC);
		boolean matches = original != null && source.equals(new String(original.value(), StandardCharsets.UTF_8));
		if (!matches) {
			log.warn("Skipped {}-{}@{}: it names no original topic, or another than {}", record.topic(),
					record.partition(), record.offset(), source);
		}
		return matches;
	}

	private static ProducerRecord<String, byte[]> copy(ConsumerRecord<String, byte[]> record, String source) {
		ProducerRecord<String, byte[]> copy = new ProducerRecord<>(source, record.key(), record.value());
		for (Header header : record.headers()) {
			if (!DEAD_LETTER_HEADERS.contains(header.key())) {
				copy.headers().add(header);
			}
		}
		return copy;
	}

	/** Writes the copies in order and waits for every acknowledgement. */
	private void publish(List<ProducerRecord<String, byte[]>> copies) {
		if (!copies.isEmpty()) {
			Flux.fromIterable(copies).flatMapSequential(this.publisher::send).then().block(this.timeout);
		}
	}

	/**
	 * Which dead letters to copy; every criterion given must hold.
	 *
	 * @param from dead-lettered at or after (inclusive), or null
	 * @param to dead-lettered before (exclusive), or null
	 * @param key the record key, or null for any
	 */
	public record Filter(Instant from, Instant to, String key) {

		public Filter {
			if (from != null && to != null && !to.isAfter(from)) {
				throw new IllegalArgumentException("to must be after from");
			}
		}

		/** Every record. */
		public static Filter all() {
			return new Filter(null, null, null);
		}

		boolean selects(String recordKey, Instant deadLetteredAt) {
			return (this.from == null || !deadLetteredAt.isBefore(this.from))
					&& (this.to == null || deadLetteredAt.isBefore(this.to))
					&& (this.key == null || this.key.equals(recordKey));
		}

	}

	/**
	 * What a re-drive did.
	 *
	 * @param deadLetterTopic the topic read
	 * @param sourceTopic the topic the copies were written to
	 * @param read records read (from the first at or after {@code from} up to the end
	 * offsets at the start)
	 * @param copied records copied back and acknowledged
	 * @param skipped records read but not copied (outside the time range, another key,
	 * naming another original topic)
	 */
	public record Report(String deadLetterTopic, String sourceTopic, long read, long copied, long skipped) {
	}

}
