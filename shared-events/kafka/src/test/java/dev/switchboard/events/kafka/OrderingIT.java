package dev.switchboard.events.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import dev.switchboard.events.Topic;
import dev.switchboard.events.messaging.SendMessageCommand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Records of one key are handled in order while partitions are handled in parallel. */
class OrderingIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final int KEYS = 12;

	private static final int PER_KEY = 40;

	@Test
	void keepsPerKeyOrderAcrossParallelPartitions() {
		Topic topic = Topic.ORDERS_EVENTS;
		String tenant = "t-" + UUID.randomUUID();
		TopicAdmin.ensureTopics(EmbeddedKafka.settings(), topic).block(TIMEOUT);
		List<OutgoingEvent> events = IntStream.range(0, PER_KEY)
			.boxed()
			.flatMap((sequence) -> IntStream.range(0, KEYS)
				.mapToObj((key) -> new OutgoingEvent(topic, tenant + ":k" + key,
						TestEvents.command(tenant, "k" + key, sequence))))
			.toList();
		try (EventPublisher publisher = new EventPublisher(EmbeddedKafka.settings())) {
			publisher.publishAll(events).block(TIMEOUT);
		}

		KeyOrder log = new KeyOrder();
		Set<Integer> partitions = ConcurrentHashMap.newKeySet();
		AtomicInteger inFlight = new AtomicInteger();
		AtomicInteger maxInFlight = new AtomicInteger();
		EventHandler<SendMessageCommand> handler = (event) -> Mono.defer(() -> {
			maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
			return Mono.delay(Duration.ofMillis(ThreadLocalRandom.current().nextInt(4)));
		}).doFinally((signal) -> inFlight.decrementAndGet()).then(Mono.fromRunnable(() -> {
			partitions.add(event.partition());
			log.add(event.event().data().channelId(), TestEvents.sequence(event.event()));
		}));
		try (EventSubscription subscription = EventConsumer
			.builder(EmbeddedKafka.settings(), topic, "it-ordering", SendMessageCommand.class)
			.handler(handler)
			.start()) {
			await().atMost(TIMEOUT).until(() -> log.size() >= KEYS * PER_KEY);
		}
		log.assertExactlyInOrder(KEYS, PER_KEY);
		assertThat(partitions).hasSizeGreaterThan(1);
		assertThat(maxInFlight.get()).as("partitions handled in parallel").isGreaterThan(1);
	}

	@Test
	void handlesOneKeyOfAPartitionInParallelOrderKeysInOrder() {
		Topic topic = Topic.ORDERS_EVENTS;
		String tenant = "t-" + UUID.randomUUID();
		TopicAdmin.ensureTopics(EmbeddedKafka.settings(), topic).block(TIMEOUT);
		// One Kafka key (so one partition); the channel in the payload is the order key.
		List<OutgoingEvent> events = IntStream.range(0, PER_KEY)
			.boxed()
			.flatMap((sequence) -> IntStream.range(0, KEYS)
				.mapToObj((key) -> new OutgoingEvent(topic, tenant + ":one",
						TestEvents.command(tenant, "k" + key, sequence))))
			.toList();
		try (EventPublisher publisher = new EventPublisher(EmbeddedKafka.settings())) {
			publisher.publishAll(events).block(TIMEOUT);
		}

		KeyOrder log = new KeyOrder();
		Set<Integer> partitions = ConcurrentHashMap.newKeySet();
		AtomicInteger inFlight = new AtomicInteger();
		AtomicInteger maxInFlight = new AtomicInteger();
		EventHandler<SendMessageCommand> handler = (event) -> !tenant.equals(event.event().tenantId()) ? Mono.empty()
				: Mono.defer(() -> {
					maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
					return Mono.delay(Duration.ofMillis(ThreadLocalRandom.current().nextInt(4)));
				}).doFinally((signal) -> inFlight.decrementAndGet()).then(Mono.fromRunnable(() -> {
					partitions.add(event.partition());
					log.add(event.event().data().channelId(), TestEvents.sequence(event.event()));
				}));
		try (EventSubscription subscription = EventConsumer
			.builder(EmbeddedKafka.settings(), topic, "it-ordering-sublanes", SendMessageCommand.class)
			.handler(handler)
			.concurrencyPerPartition(8, (event) -> event.event().data().channelId())
			.start()) {
			await().atMost(TIMEOUT).until(() -> log.size() >= KEYS * PER_KEY);
		}
		log.assertExactlyInOrder(KEYS, PER_KEY);
		assertThat(partitions).hasSize(1);
		assertThat(maxInFlight.get()).as("records of one partition handled in parallel").isGreaterThan(1);
	}

}
