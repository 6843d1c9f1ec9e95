package dev.switchboard.events.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.ReceiverOffset;
import reactor.kafka.receiver.ReceiverOptions;
import reactor.kafka.receiver.ReceiverPartition;
import reactor.kafka.receiver.ReceiverRecord;
import reactor.util.retry.Retry;

import dev.switchboard.events.Topic;

/**
 * Consumes one topic in one consumer group, at least once. Records of one partition are
 * handled one after the other (per-key order), partitions in parallel; an offset is
 * acknowledged only after its handler completed, and acknowledged offsets are committed
 * every commit interval and when partitions are revoked. A record that still fails after
 * its retries, or that is no readable event of the expected type, goes to
 * {@code <topic>.dlq.<group>} and is then acknowledged. Fatal errors restart the consumer
 * with backoff from the last committed offsets.
 *
 * @param <T> the payload record type
 */
public final class EventConsumer<T> {

	private static final Logger log = LoggerFactory.getLogger(EventConsumer.class);

	private static final int LANE_PREFETCH = 8;

	private final Builder<T> config;

	private final String dlqTopic;

	private final EventPublisher dlqPublisher;

	private final boolean ownsPublisher;

	private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();

	private final Map<TopicPartition, ReceiverOffset> lastAcknowledged = new ConcurrentHashMap<>();

	private EventConsumer(Builder<T> config) {
		this.config = config;
		this.dlqTopic = Topic.dlqName(config.topicName, config.groupId);
		this.ownsPublisher = config.dlqPublisher == null;
		this.dlqPublisher = this.ownsPublisher ? new EventPublisher(config.settings, config.observations)
				: config.dlqPublisher;
	}

	public static <T> Builder<T> builder(KafkaSettings settings, Topic topic, String groupId, Class<T> payload) {
		return new Builder<>(settings, topic.topicName(), groupId, payload);
	}

	/** A consumer of any topic by name, e.g. to re-drive a dead-letter topic. */
	public static <T> Builder<T> builder(KafkaSettings settings, String topicName, String groupId, Class<T> payload) {
		return new Builder<>(settings, topicName, groupId, payload);
	}

	/** The dead-letter topic of this consumer. */
	public String dlqTopic() {
		return this.dlqTopic;
	}

	/** Starts consuming in the background. */
	public EventSubscription start() {
		Mono<Void> topics = this.config.createTopics
				? TopicAdmin.ensureTopics(this.config.settings, List.of(this.config.topicName, this.dlqTopic))
					.onErrorResume((ex) -> {
						log.warn("Could not ensure topics {} and {}: {}", this.config.topicName, this.dlqTopic,
								ex.toString());
						return Mono.empty();
					})
				: Mono.empty();
		Disposable pipeline = topics
			.thenMany(Flux.defer(this::consume)
				.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1))
					.maxBackoff(Duration.ofSeconds(30))
					.doBeforeRetry((signal) -> log.warn("Consumer of {} in group {} failed, restarting: {}",
							this.config.topicName, this.config.groupId, signal.failure().toString()))))
			.subscribe(null, (ex) -> log.error("Consumer of {} in group {} stopped", this.config.topicName,
					this.config.groupId, ex));
		return new EventSubscription(pipeline, this);
	}

	private Flux<Void> consume() {
		int lanes = this.config.maxInFlightPartitions;
		ReceiverOptions<String, byte[]> options = ReceiverOptions
			.<String, byte[]>create(this.config.settings.consumerProperties(this.config.groupId))
			.subscription(List.of(this.config.topicName))
			.commitInterval(this.config.settings.commitInterval())
			// Before giving partitions away, finish and commit what was already received.
			.maxDelayRebalance(this.config.rebalanceDrainTimeout)
			.addAssignListener(this::onAssigned)
			.addRevokeListener(this::onRevoked)
			.withObservation(this.config.observations);
		// A partition always maps to the same lane, so its records stay in order; lanes
		// run in parallel.
		// Bounded buffering: one poll batch from the receiver, then at most `prefetch`
		// records across lanes.
		return KafkaReceiver.create(options)
			.receive(1)
			.groupBy((record) -> record.partition() % lanes, this.config.settings.prefetch())
			.flatMap((lane) -> lane.publishOn(Schedulers.parallel(), LANE_PREFETCH).concatMap(this::process, 1), lanes);
	}

	private Mono<Void> process(ReceiverRecord<String, byte[]> record) {
		if (!this.assigned.contains(record.receiverOffset().topicPartition())) {
			// Revoked meanwhile: the new owner reads it again from the committed offset.
			return Mono.empty();
		}
		ConsumedEvent<T> event;
		try {
			event = new ConsumedEvent<>(CloudEventCodec.decode(record.headers(), record.value(), this.config.payload),
					record.topic(), record.partition(), record.offset(), record.key());
		}
		catch (EventDecodingException ex) {
			return deadLetter(record, ex).then(acknowledge(record));
		}
		return Mono.defer(() -> this.config.handler.handle(event))
			.retryWhen(Retry.backoff(this.config.retries, this.config.retryBackoff)
				.maxBackoff(this.config.maxRetryBackoff)
				.doBeforeRetry((signal) -> log.debug("Retrying event {} at {}-{}@{}: {}", event.event().id(),
						record.topic(), record.partition(), record.offset(), signal.failure().toString()))
				.onRetryExhaustedThrow((spec, signal) -> signal.failure()))
			.onErrorResume((ex) -> deadLetter(record, ex))
			.then(acknowledge(record));
	}

	private Mono<Void> deadLetter(ReceiverRecord<String, byte[]> record, Throwable error) {
		return this.dlqPublisher.send(DeadLetters.of(record, this.dlqTopic, this.config.groupId, error))
			.doOnSuccess((ignored) -> log.warn("Record {}-{}@{} (key {}) sent to {}: {}", record.topic(),
					record.partition(), record.offset(), record.key(), this.dlqTopic, DeadLetters.describe(error)));
	}

	private Mono<Void> acknowledge(ReceiverRecord<String, byte[]> record) {
		return Mono.fromRunnable(() -> {
			ReceiverOffset offset = record.receiverOffset();
			// A revoked partition's offsets belong to its new owner now: committing could
			// rewind them.
			if (this.assigned.contains(offset.topicPartition())) {
				offset.acknowledge();
				this.lastAcknowledged.put(offset.topicPartition(), offset);
			}
		});
	}

	private void onAssigned(Collection<ReceiverPartition> partitions) {
		partitions.forEach((partition) -> this.assigned.add(partition.topicPartition()));
		log.info("Group {} assigned {}", this.config.groupId, names(partitions));
	}

	private void onRevoked(Collection<ReceiverPartition> partitions) {
		for (ReceiverPartition partition : partitions) {
			this.assigned.remove(partition.topicPartition());
			ReceiverOffset last = this.lastAcknowledged.remove(partition.topicPartition());
			if (last != null) {
				// Usually already committed by the receiver itself; this covers the rest.
				last.commit()
					.subscribe(null, (ex) -> log.debug("Commit on revoke of {} failed: {}", last.topicPartition(),
							ex.toString()));
			}
		}
		log.info("Group {} revoked {}", this.config.groupId, names(partitions));
	}

	Set<Integer> assignedPartitions() {
		return this.assigned.stream().map(TopicPartition::partition).collect(Collectors.toSet());
	}

	void stopped() {
		this.assigned.clear();
		if (this.ownsPublisher) {
			this.dlqPublisher.close();
		}
	}

	private static String names(Collection<ReceiverPartition> partitions) {
		return partitions.stream()
			.map((partition) -> partition.topicPartition().toString())
			.sorted()
			.collect(Collectors.joining(", "));
	}

	/**
	 * Options of a consumer.
	 *
	 * @param <T> the payload record type
	 */
	public static final class Builder<T> {

		private final KafkaSettings settings;

		private final String topicName;

		private final String groupId;

		private final Class<T> payload;

		private EventHandler<T> handler;

		private int retries = 3;

		private Duration retryBackoff = Duration.ofMillis(200);

		private Duration maxRetryBackoff = Duration.ofSeconds(10);

		private EventPublisher dlqPublisher;

		private int maxInFlightPartitions = 16;

		private boolean createTopics = true;

		private Duration rebalanceDrainTimeout = Duration.ofSeconds(30);

		private ObservationRegistry observations = ObservationRegistry.NOOP;

		private Builder(KafkaSettings settings, String topicName, String groupId, Class<T> payload) {
			this.settings = Objects.requireNonNull(settings, "settings");
			this.topicName = Objects.requireNonNull(topicName, "topicName");
			this.groupId = Objects.requireNonNull(groupId, "groupId");
			this.payload = Objects.requireNonNull(payload, "payload");
			Topic.dlqName(topicName, groupId);
		}

		public Builder<T> handler(EventHandler<T> handler) {
			this.handler = handler;
			return this;
		}

		/**
		 * Retries after a handler failure before the record goes to the dead-letter topic
		 * (default 3).
		 */
		public Builder<T> retries(int retries) {
			if (retries < 0) {
				throw new IllegalArgumentException("retries must not be negative");
			}
			this.retries = retries;
			return this;
		}

		/** First retry delay, doubled per retry with jitter (default 200 ms). */
		public Builder<T> retryBackoff(Duration first) {
			this.retryBackoff = Objects.requireNonNull(first, "first");
			return this;
		}

		/** Longest retry delay (default 10 s). */
		public Builder<T> maxRetryBackoff(Duration max) {
			this.maxRetryBackoff = Objects.requireNonNull(max, "max");
			return this;
		}

		/** Publisher for dead letters; by default the consumer owns one. */
		public Builder<T> dlqPublisher(EventPublisher publisher) {
			this.dlqPublisher = publisher;
			return this;
		}

		/** Partitions processed in parallel (default 16). */
		public Builder<T> maxInFlightPartitions(int partitions) {
			if (partitions < 1) {
				throw new IllegalArgumentException("maxInFlightPartitions must be positive");
			}
			this.maxInFlightPartitions = partitions;
			return this;
		}

		/**
		 * Whether to create the topic and its dead-letter topic when missing (default
		 * true).
		 */
		public Builder<T> createTopics(boolean create) {
			this.createTopics = create;
			return this;
		}

		/**
		 * How long a rebalance waits for records already received to be handled and
		 * committed before partitions move (default 30 s); fewer duplicates for the new
		 * owner.
		 */
		public Builder<T> rebalanceDrainTimeout(Duration timeout) {
			this.rebalanceDrainTimeout = Objects.requireNonNull(timeout, "timeout");
			return this;
		}

		public Builder<T> observationRegistry(ObservationRegistry registry) {
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

}
