package dev.switchboard.events.kafka;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import dev.switchboard.events.Topic;

/**
 * Options of an {@link EventConsumer}.
 *
 * @param <T> the payload record type
 */
public final class EventConsumerBuilder<T> {

	final KafkaSettings settings;

	final String topicName;

	final String groupId;

	final Class<T> payload;

	EventHandler<T> handler;

	int retries = 3;

	Duration retryBackoff = Duration.ofMillis(200);

	Duration maxRetryBackoff = Duration.ofSeconds(10);

	FailureClassifier failureClassifier = FailureClassifier.defaults();

	Duration infrastructureBackoff = Duration.ofMillis(200);

	Duration maxInfrastructureBackoff = Duration.ofSeconds(10);

	MeterRegistry meters;

	EventPublisher dlqPublisher;

	int maxInFlightPartitions = 16;

	int concurrencyPerPartition = 1;

	Function<ConsumedEvent<T>, Object> orderKey = (event) -> null;

	boolean createTopics = true;

	Duration rebalanceDrainTimeout = Duration.ofSeconds(10);

	Duration handlerTimeout = Duration.ofMinutes(2);

	Duration stallTimeout = Duration.ofSeconds(30);

	Duration stallCheckInterval = Duration.ofSeconds(5);

	ObservationRegistry observations = ObservationRegistry.NOOP;

	EventConsumerBuilder(KafkaSettings settings, String topicName, String groupId, Class<T> payload) {
		this.settings = Objects.requireNonNull(settings, "settings");
		this.topicName = Objects.requireNonNull(topicName, "topicName");
		this.groupId = Objects.requireNonNull(groupId, "groupId");
		this.payload = Objects.requireNonNull(payload, "payload");
		Topic.dlqName(topicName, groupId);
	}

	public EventConsumerBuilder<T> handler(EventHandler<T> handler) {
		this.handler = handler;
		return this;
	}

	/** Retries of a failed handler before the dead-letter topic (default 3). */
	public EventConsumerBuilder<T> retries(int retries) {
		if (retries < 0) {
			throw new IllegalArgumentException("retries must not be negative");
		}
		this.retries = retries;
		return this;
	}

	/** First retry delay, doubled per retry with jitter (default 200 ms). */
	public EventConsumerBuilder<T> retryBackoff(Duration first) {
		this.retryBackoff = Objects.requireNonNull(first, "first");
		return this;
	}

	/** Longest retry delay (default 10 s). */
	public EventConsumerBuilder<T> maxRetryBackoff(Duration max) {
		this.maxRetryBackoff = Objects.requireNonNull(max, "max");
		return this;
	}

	/**
	 * Which failures show infrastructure unavailable (default
	 * {@link FailureClassifier#defaults()}): their record is retried until it answers,
	 * never dead-lettered.
	 */
	public EventConsumerBuilder<T> failureClassifier(FailureClassifier classifier) {
		this.failureClassifier = Objects.requireNonNull(classifier, "classifier");
		return this;
	}

	/**
	 * Delay before retrying a record whose failure showed infrastructure unavailable,
	 * doubled per retry with jitter (default 200 ms), up to {@code max} (default 10 s:
	 * the longest a consumer may lag behind a recovered dependency).
	 */
	public EventConsumerBuilder<T> infrastructureBackoff(Duration first, Duration max) {
		this.infrastructureBackoff = requirePositive(first, "infrastructureBackoff");
		this.maxInfrastructureBackoff = requirePositive(max, "maxInfrastructureBackoff");
		if (max.compareTo(first) < 0) {
			throw new IllegalArgumentException("maxInfrastructureBackoff must not be shorter than the first backoff");
		}
		return this;
	}

	/**
	 * Where the consumer's meters are registered (default none): the gauge
	 * {@code switchboard.consumer.paused}, the counter
	 * {@code switchboard.consumer.dead_letters} and the Kafka client's metrics (lag among
	 * them), tagged with the group.
	 */
	public EventConsumerBuilder<T> meterRegistry(MeterRegistry registry) {
		this.meters = Objects.requireNonNull(registry, "registry");
		return this;
	}

	/** Publisher for dead letters; by default the consumer owns one. */
	public EventConsumerBuilder<T> dlqPublisher(EventPublisher publisher) {
		this.dlqPublisher = publisher;
		return this;
	}

	/** Partitions processed in parallel (default 16). */
	public EventConsumerBuilder<T> maxInFlightPartitions(int partitions) {
		if (partitions < 1) {
			throw new IllegalArgumentException("maxInFlightPartitions must be positive");
		}
		this.maxInFlightPartitions = partitions;
		return this;
	}

	/**
	 * Records of one partition handled at once (default 1); records with the same Kafka
	 * key still one after the other.
	 */
	public EventConsumerBuilder<T> concurrencyPerPartition(int records) {
		return concurrencyPerPartition(records, (event) -> null);
	}

	/**
	 * Records of one partition handled at once; those with the same order key (e.g. the
	 * recipient of a send) one after the other. A null order key falls back to the Kafka
	 * key.
	 */
	public EventConsumerBuilder<T> concurrencyPerPartition(int records, Function<ConsumedEvent<T>, Object> orderKey) {
		if (records < 1) {
			throw new IllegalArgumentException("concurrencyPerPartition must be positive");
		}
		this.concurrencyPerPartition = records;
		this.orderKey = Objects.requireNonNull(orderKey, "orderKey");
		return this;
	}

	/** Creates the topic and its dead-letter topic if missing (default true). */
	public EventConsumerBuilder<T> createTopics(boolean create) {
		this.createTopics = create;
		return this;
	}

	/**
	 * Wait for received records before partitions move away (default 10 s; the receiver
	 * handles nothing meanwhile).
	 */
	public EventConsumerBuilder<T> rebalanceDrainTimeout(Duration timeout) {
		this.rebalanceDrainTimeout = Objects.requireNonNull(timeout, "timeout");
		return this;
	}

	/**
	 * Longest one handler attempt may take before it counts as failed (default 2 min).
	 */
	public EventConsumerBuilder<T> handlerTimeout(Duration timeout) {
		this.handlerTimeout = requirePositive(timeout, "handlerTimeout");
		return this;
	}

	/**
	 * How long records may wait while nothing is handled before the receiver is restarted
	 * (default 30 s), and how often that is checked (default 5 s).
	 */
	public EventConsumerBuilder<T> stallTimeout(Duration timeout, Duration checkInterval) {
		this.stallTimeout = requirePositive(timeout, "stallTimeout");
		this.stallCheckInterval = requirePositive(checkInterval, "checkInterval");
		return this;
	}

	private static Duration requirePositive(Duration duration, String name) {
		Objects.requireNonNull(duration, name);
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(name + " must be positive");
		}
		return duration;
	}

	public EventConsumerBuilder<T> observationRegistry(ObservationRegistry registry) {
		this.observations = Objects.requireNonNull(registry, "registry");
		return this;
	}

	public EventConsumer<T> build() {
		Objects.requireNonNull(this.handler, "handler");
		return new EventConsumer<>(this);
	}

	/** Builds and starts the consumer. */
	public EventSubscription start() {
		return build().start();
	}

}
