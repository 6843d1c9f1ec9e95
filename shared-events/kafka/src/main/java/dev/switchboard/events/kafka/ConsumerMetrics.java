package dev.switchboard.events.kafka;

import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import reactor.kafka.receiver.MicrometerConsumerListener;
import reactor.kafka.receiver.ReceiverOptions;

/**
 * The meters of one consumer, registered when it is built so that they exist before its
 * first record: the counter {@value #DEAD_LETTERS} (records sent to its dead-letter topic
 * and acknowledged there, by topic and group) and the Kafka consumer's own metrics
 * (Micrometer's {@code KafkaClientMetrics}, among them
 * {@code kafka.consumer.fetch.manager.records.lag.max}), tagged with the group so that
 * lag reads per consumer group. Without a registry it records nothing.
 */
final class ConsumerMetrics {

	static final String DEAD_LETTERS = "switchboard.consumer.dead_letters";

	/** The tag naming the consumer group on the Kafka client's metrics. */
	static final String GROUP_TAG = "group";

	private final Counter deadLetters;

	private final ReceiverOptions.ConsumerListener clientMetrics;

	/**
	 * @param meters where the meters are registered, or null for none
	 */
	ConsumerMetrics(String topicName, String groupId, MeterRegistry meters) {
		if (meters == null) {
			this.deadLetters = null;
			this.clientMetrics = null;
			return;
		}
		this.deadLetters = Counter.builder(DEAD_LETTERS)
			.description("Records a consumer sent to its dead-letter topic (<topic>.dlq.<group>)")
			.tag("topic", topicName)
			.tag(GROUP_TAG, groupId)
			.register(meters);
		this.clientMetrics = new MicrometerConsumerListener(meters, List.of(Tag.of(GROUP_TAG, groupId)));
	}

	/** A record's dead letter was acknowledged by the broker. */
	void deadLettered() {
		if (this.deadLetters != null) {
			this.deadLetters.increment();
		}
	}

	/**
	 * The receiver options with the Kafka client's metrics bound to each consumer they
	 * create (and closed with it, so a restarted receiver leaves no stale meters).
	 */
	<K, V> ReceiverOptions<K, V> bind(ReceiverOptions<K, V> options) {
		return (this.clientMetrics != null) ? options.consumerListener(this.clientMetrics) : options;
	}

}
