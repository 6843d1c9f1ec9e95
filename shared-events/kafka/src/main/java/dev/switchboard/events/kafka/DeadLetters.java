package dev.switchboard.events.kafka;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Builds dead-letter records: the original key, bytes and headers, plus why and where
 * from, so that the record can be inspected and re-driven unchanged.
 */
final class DeadLetters {

	/** Why the record could not be processed (exception type and message). */
	static final String ERROR = "dlq-error";

	static final String ORIGINAL_TOPIC = "dlq-original-topic";

	static final String ORIGINAL_PARTITION = "dlq-original-partition";

	static final String ORIGINAL_OFFSET = "dlq-original-offset";

	static final String CONSUMER_GROUP = "dlq-consumer-group";

	private static final int MAX_ERROR_LENGTH = 1000;

	private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

	private DeadLetters() {
	}

	static ProducerRecord<String, byte[]> of(ConsumerRecord<String, byte[]> record, String dlqTopic, String groupId,
			Throwable error) {
		ProducerRecord<String, byte[]> letter = new ProducerRecord<>(dlqTopic, record.key(), record.value());
		for (Header header : record.headers()) {
			letter.headers().add(header);
		}
		add(letter, ERROR, describe(error));
		add(letter, ORIGINAL_TOPIC, record.topic());
		add(letter, ORIGINAL_PARTITION, String.valueOf(record.partition()));
		add(letter, ORIGINAL_OFFSET, String.valueOf(record.offset()));
		add(letter, CONSUMER_GROUP, groupId);
		return letter;
	}

	/**
	 * Publishes the dead letter of a record; completes once the broker acknowledged it.
	 */
	static Mono<Void> send(EventPublisher publisher, ConsumerRecord<String, byte[]> record, String dlqTopic,
			String groupId, Throwable error) {
		return publisher.send(of(record, dlqTopic, groupId, error))
			.doOnSuccess((ignored) -> log.warn("Record {}-{}@{} (key {}) sent to {}: {}", record.topic(),
					record.partition(), record.offset(), record.key(), dlqTopic, describe(error)));
	}

	static String describe(Throwable error) {
		String text = error.getClass().getName() + ": " + error.getMessage();
		return (text.length() > MAX_ERROR_LENGTH) ? text.substring(0, MAX_ERROR_LENGTH) : text;
	}

	private static void add(ProducerRecord<String, byte[]> letter, String name, String value) {
		letter.headers().remove(name);
		letter.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
	}

}
