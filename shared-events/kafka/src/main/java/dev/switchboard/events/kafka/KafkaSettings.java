package dev.switchboard.events.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.switchboard.events.Topic;

/**
 * Where Kafka is and how the clients behave. Start with
 * {@code new KafkaSettings(bootstrap,
 * clientId)} and tune with the {@code with…} methods.
 *
 * @param bootstrapServers comma separated host:port list
 * @param clientId client id prefix (service name), suffixed per client
 * @param deliveryTimeout upper bound for a publish until the broker acknowledged it
 * @param requestTimeout timeout of one broker request (clipped below the delivery
 * timeout)
 * @param maxInFlight records a publisher keeps in flight before back-pressuring callers
 * @param commitInterval how often acknowledged consumer offsets are committed
 * @param maxPollRecords records fetched per consumer poll (the receiver buffers one poll)
 * @param prefetch records a consumer buffers for its handlers beyond the poll batch
 * @param extraProperties further client properties (e.g. security), applied to every
 * client
 */
public record KafkaSettings(String bootstrapServers, String clientId, Duration deliveryTimeout, Duration requestTimeout,
		int maxInFlight, Duration commitInterval, int maxPollRecords, int prefetch,
		Map<String, String> extraProperties) {

	private static final int LINGER_MS = 5;

	/**
	 * Largest request a producer sends: one raw webhook record ({@code wa.raw.v1}) plus
	 * headers; small records are unaffected.
	 */
	private static final int MAX_REQUEST_BYTES = Topic.RAW_MAX_MESSAGE_BYTES + 64 * 1024;

	private static final AtomicInteger CLIENT_SEQUENCE = new AtomicInteger();

	public KafkaSettings {
		requireText(bootstrapServers, "bootstrapServers");
		requireText(clientId, "clientId");
		requirePositive(deliveryTimeout, "deliveryTimeout");
		requirePositive(requestTimeout, "requestTimeout");
		requirePositive(commitInterval, "commitInterval");
		if (maxInFlight < 1 || maxPollRecords < 1 || prefetch < 1) {
			throw new IllegalArgumentException("maxInFlight, maxPollRecords and prefetch must be positive");
		}
		extraProperties = Map.copyOf(Objects.requireNonNull(extraProperties, "extraProperties"));
	}

	/**
	 * Settings with defaults: 30 s delivery, 10 s requests, 256 in flight, 100 ms
	 * commits.
	 */
	public KafkaSettings(String bootstrapServers, String clientId) {
		this(bootstrapServers, clientId, Duration.ofSeconds(30), Duration.ofSeconds(10), 256, Duration.ofMillis(100),
				200, 256, Map.of());
	}

	public KafkaSettings withDeliveryTimeout(Duration timeout) {
		return new KafkaSettings(this.bootstrapServers, this.clientId, timeout, this.requestTimeout, this.maxInFlight,
				this.commitInterval, this.maxPollRecords, this.prefetch, this.extraProperties);
	}

	public KafkaSettings withRequestTimeout(Duration timeout) {
		return new KafkaSettings(this.bootstrapServers, this.clientId, this.deliveryTimeout, timeout, this.maxInFlight,
				this.commitInterval, this.maxPollRecords, this.prefetch, this.extraProperties);
	}

	public KafkaSettings withMaxInFlight(int records) {
		return new KafkaSettings(this.bootstrapServers, this.clientId, this.deliveryTimeout, this.requestTimeout,
				records, this.commitInterval, this.maxPollRecords, this.prefetch, this.extraProperties);
	}

	public KafkaSettings withCommitInterval(Duration interval) {
		return new KafkaSettings(this.bootstrapServers, this.clientId, this.deliveryTimeout, this.requestTimeout,
				this.maxInFlight, interval, this.maxPollRecords, this.prefetch, this.extraProperties);
	}

	public KafkaSettings withMaxPollRecords(int records) {
		return new KafkaSettings(this.bootstrapServers, this.clientId, this.deliveryTimeout, this.requestTimeout,
				this.maxInFlight, this.commitInterval, records, this.prefetch, this.extraProperties);
	}

	public KafkaSettings withPrefetch(int records) {
		return new KafkaSettings(this.bootstrapServers, this.clientId, this.deliveryTimeout, this.requestTimeout,
				this.maxInFlight, this.commitInterval, this.maxPollRecords, records, this.extraProperties);
	}

	/** Adds one client property, e.g. {@code security.protocol}. */
	public KafkaSettings withProperty(String name, String value) {
		Map<String, String> properties = new LinkedHashMap<>(this.extraProperties);
		properties.put(name, value);
		return new KafkaSettings(this.bootstrapServers, this.clientId, this.deliveryTimeout, this.requestTimeout,
				this.maxInFlight, this.commitInterval, this.maxPollRecords, this.prefetch, properties);
	}

	/**
	 * Idempotent producer, acks=all; a publish fails rather than hangs after the delivery
	 * timeout.
	 */
	Map<String, Object> producerProperties() {
		Map<String, Object> props = common("producer");
		long delivery = this.deliveryTimeout.toMillis();
		props.put(ProducerConfig.ACKS_CONFIG, "all");
		props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
		props.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
		props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_REQUEST_BYTES);
		props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) delivery);
		// Kafka requires delivery >= linger + request timeout.
		props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
				(int) Math.min(this.requestTimeout.toMillis(), Math.max(1, delivery - LINGER_MS)));
		// Bounds the wait for metadata of an unreachable cluster, which is not part of
		// delivery.timeout.
		props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, delivery);
		props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		props.putAll(this.extraProperties);
		return props;
	}

	/** Manual commits only, earliest offset for a new group, cooperative rebalancing. */
	Map<String, Object> consumerProperties(String groupId) {
		Map<String, Object> props = common(groupId);
		props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
		props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, this.maxPollRecords);
		props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		// Incremental rebalances: partitions that stay with a consumer keep flowing
		// undisturbed.
		props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
		props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		props.putAll(this.extraProperties);
		return props;
	}

	/**
	 * A consumer that reads without a group (assigned partitions, nothing committed), for
	 * views that rebuild from the beginning at every start.
	 * @param role what the reader is for, part of its client id
	 * @return the consumer properties
	 */
	public Map<String, Object> readerProperties(String role) {
		Map<String, Object> props = common(role);
		props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		// A reader must never create the topic it follows with broker defaults.
		props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
		props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		props.putAll(this.extraProperties);
		return props;
	}

	Map<String, Object> adminProperties() {
		Map<String, Object> props = common("admin");
		long api = this.deliveryTimeout.toMillis();
		// The admin client refuses a request timeout longer than its API timeout.
		props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(this.requestTimeout.toMillis(), api));
		props.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) api);
		props.putAll(this.extraProperties);
		return props;
	}

	private Map<String, Object> common(String role) {
		Map<String, Object> props = new HashMap<>();
		props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers);
		// Unique client ids keep client metrics (JMX) apart.
		props.put(CommonClientConfigs.CLIENT_ID_CONFIG,
				this.clientId + "-" + role + "-" + CLIENT_SEQUENCE.incrementAndGet());
		return props;
	}

	private static void requireText(String value, String name) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(name + " must not be blank");
		}
	}

	private static void requirePositive(Duration value, String name) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(name + " must be positive");
		}
	}

}
