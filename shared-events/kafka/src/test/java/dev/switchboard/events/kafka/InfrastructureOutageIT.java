package dev.switchboard.events.kafka;

import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.dao.DataAccessResourceFailureException;

import dev.switchboard.events.Topic;
import dev.switchboard.events.messaging.MessageStatusChanged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A handler failing because infrastructure is unavailable holds its record (and those
 * behind it) until the infrastructure answers: nothing is dead-lettered, nothing
 * committed past it, order is kept.
 */
class InfrastructureOutageIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final Topic TOPIC = Topic.MESSAGING_EVENTS;

	private static final int RECORDS = 5;

	private static EventPublisher publisher;

	@BeforeAll
	static void start() {
		TopicAdmin.ensureTopics(EmbeddedKafka.settings(), TOPIC).block(TIMEOUT);
		publisher = new EventPublisher(EmbeddedKafka.settings());
	}

	@AfterAll
	static void stop() {
		publisher.close();
	}

	@Test
	void recordsWaitForTheDatabaseAndAreHandledInOrderOnceItAnswers() {
		String tenant = "t-" + UUID.randomUUID();
		String group = "it-outage-" + tenant;
		String key = tenant + ":m1";
		AtomicBoolean databaseDown = new AtomicBoolean(true);
		AtomicInteger attempts = new AtomicInteger();
		Map<Integer, Long> firstHeld = new ConcurrentHashMap<>();
		List<Integer> handled = new CopyOnWriteArrayList<>();
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		EventConsumer<MessageStatusChanged> consumer = EventConsumer
			.builder(EmbeddedKafka.settings(), TOPIC, group, MessageStatusChanged.class)
			.handler((event) -> {
				if (!tenant.equals(event.event().tenantId())) {
					return Mono.empty();
				}
				attempts.incrementAndGet();
				if (databaseDown.get()) {
					firstHeld.merge(event.partition(), event.offset(), Math::min);
					return Mono.error(new DataAccessResourceFailureException("Could not open R2DBC Connection",
							new ConnectException("Connection refused")));
				}
				return Mono.fromRunnable(() -> handled.add(event.event().data().errorCode()));
			})
			.retries(2)
			.retryBackoff(Duration.ofMillis(10))
			.infrastructureBackoff(Duration.ofMillis(20), Duration.ofMillis(200))
			.meterRegistry(meters)
			.dlqPublisher(publisher)
			.build();
		try (EventSubscription subscription = consumer.start()) {
			Flux.range(1, RECORDS)
				.concatMap((sequence) -> publisher.publish(TestEvents.statusChanged(tenant, "m1", sequence), key))
				.blockLast(TIMEOUT);

			// Far more attempts than retries: dead-lettered by now if it were not held.
			await().atMost(TIMEOUT).until(() -> attempts.get() >= 10);
			assertThat(handled).isEmpty();
			assertThat(consumer.waitingForInfrastructure()).contains(ConnectException.class.getName());
			Gauge paused = meters.find(InfrastructureWaits.METRIC)
				.tags("topic", TOPIC.topicName(), "group", group, "cause", ConnectException.class.getName())
				.gauge();
			assertThat(paused).isNotNull();
			assertThat(paused.value()).isEqualTo(1.0);
			// Only the first record was tried: nothing behind it, nothing committed past
			// it.
			assertThat(firstHeld).hasSize(1);
			int partition = firstHeld.keySet().iterator().next();
			long held = firstHeld.get(partition);
			assertThat(EmbeddedKafka.committed(group, TOPIC.topicName()).getOrDefault(partition, 0L))
				.isLessThanOrEqualTo(held);

			databaseDown.set(false);

			await().atMost(TIMEOUT).until(() -> handled.size() == RECORDS);
			assertThat(handled).containsExactly(1, 2, 3, 4, 5);
			assertThat(consumer.waitingForInfrastructure()).isEmpty();
			assertThat(paused.value()).isZero();
			await().atMost(TIMEOUT)
				.until(() -> EmbeddedKafka.committed(group, TOPIC.topicName()).getOrDefault(partition, 0L),
						(committed) -> committed >= held + RECORDS);
		}
		assertThat(EmbeddedKafka.endOffsets(consumer.dlqTopic(), TOPIC.partitions())).isZero();
	}

	@Test
	void aConsumerStoppedWhileWaitingLeavesTheRecordToTheNextOne() {
		String tenant = "t-" + UUID.randomUUID();
		String group = "it-outage-stop-" + tenant;
		AtomicBoolean databaseDown = new AtomicBoolean(true);
		AtomicInteger attempts = new AtomicInteger();
		List<Integer> handled = new CopyOnWriteArrayList<>();
		EventHandler<MessageStatusChanged> handler = (event) -> {
			if (!tenant.equals(event.event().tenantId())) {
				return Mono.empty();
			}
			attempts.incrementAndGet();
			if (databaseDown.get()) {
				return Mono.error(new ConnectException("Connection refused"));
			}
			return Mono.fromRunnable(() -> handled.add(event.event().data().errorCode()));
		};
		EventConsumer<MessageStatusChanged> first = EventConsumer
			.builder(EmbeddedKafka.settings(), TOPIC, group, MessageStatusChanged.class)
			.handler(handler)
			.retries(1)
			.infrastructureBackoff(Duration.ofMillis(20), Duration.ofMillis(100))
			.dlqPublisher(publisher)
			.build();
		try (EventSubscription subscription = first.start()) {
			publisher.publish(TestEvents.statusChanged(tenant, "m1", 42), tenant + ":m1").block(TIMEOUT);
			await().atMost(TIMEOUT).until(() -> attempts.get() >= 5);
		}
		assertThat(handled).isEmpty();
		databaseDown.set(false);

		try (EventSubscription subscription = EventConsumer
			.builder(EmbeddedKafka.settings(), TOPIC, group, MessageStatusChanged.class)
			.handler(handler)
			.dlqPublisher(publisher)
			.start()) {
			await().atMost(TIMEOUT).until(() -> handled.contains(42));
		}
		assertThat(EmbeddedKafka.endOffsets(first.dlqTopic(), TOPIC.partitions())).isZero();
	}

}
