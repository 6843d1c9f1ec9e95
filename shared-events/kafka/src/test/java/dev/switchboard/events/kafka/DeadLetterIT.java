package dev.switchboard.events.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventJson;
import dev.switchboard.events.Topic;
import dev.switchboard.events.wa.WaStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Records that cannot be processed go to {@code <topic>.dlq.<group>} and the consumer
 * moves on.
 */
class DeadLetterIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static EventPublisher publisher;

	@BeforeAll
	static void start() {
		TopicAdmin.ensureTopics(EmbeddedKafka.settings(), Topic.WA_STATUS).block(TIMEOUT);
		publisher = new EventPublisher(EmbeddedKafka.settings());
	}

	@AfterAll
	static void stop() {
		publisher.close();
	}

	@Test
	void exhaustedRetriesAndUnreadableRecordsGoToTheDeadLetterTopic() {
		String tenant = "t-" + UUID.randomUUID();
		String group = "it-dlq";
		String key = tenant + ":16505551234";
		EventEnvelope<WaStatus> poison = TestEvents.status(tenant, "wamid.poison", "failed");
		publisher.publish(TestEvents.status(tenant, "wamid.ok1", "sent"), key)
			.then(publisher.publish(poison, key))
			.then(publisher.publishRaw(Topic.WA_STATUS, key, "not an event".getBytes(StandardCharsets.UTF_8),
					Map.of("origin", "test")))
			.then(publisher.publish(Topic.WA_STATUS, key, TestEvents.statusChanged(tenant, "m1", 1)))
			.then(publisher.publish(TestEvents.status(tenant, "wamid.ok2", "delivered"), key))
			.block(TIMEOUT);

		AtomicInteger poisonAttempts = new AtomicInteger();
		List<String> handled = new CopyOnWriteArrayList<>();
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		EventConsumer<WaStatus> consumer = EventConsumer
			.builder(EmbeddedKafka.settings(), Topic.WA_STATUS, group, WaStatus.class)
			.handler((event) -> {
				if (!tenant.equals(event.event().tenantId())) {
					return Mono.empty();
				}
				if (event.event().data().wamid().equals("wamid.poison")) {
					poisonAttempts.incrementAndGet();
					return Mono.error(new IllegalStateException("cannot fold status"));
				}
				return Mono.fromRunnable(() -> handled.add(event.event().data().wamid()));
			})
			.retries(2)
			.retryBackoff(Duration.ofMillis(10))
			.dlqPublisher(publisher)
			.meterRegistry(meters)
			.build();
		assertThat(consumer.dlqTopic()).isEqualTo("wa.status.v1.dlq.it-dlq");
		assertThat(meters.get(ConsumerMetrics.DEAD_LETTERS)
			.tags("topic", "wa.status.v1", "group", group)
			.counter()
			.count()).as("registered before the first record").isZero();
		try (EventSubscription subscription = consumer.start()) {
			await().atMost(TIMEOUT).until(() -> handled.size() == 2);
			assertThat(handled).containsExactly("wamid.ok1", "wamid.ok2");
			assertThat(poisonAttempts).hasValue(3);

			List<ConsumerRecord<String, byte[]>> letters = RawRecords.read(consumer.dlqTopic(), 3,
					(record) -> key.equals(record.key()));
			assertThat(letters).hasSize(3);
			ConsumerRecord<String, byte[]> first = letters.get(0);
			assertThat(first.value()).isEqualTo(EventJson.write(poison.data()));
			assertThat(RawRecords.header(first, "ce_id")).isEqualTo(poison.id());
			assertThat(RawRecords.header(first, "ce_tenantid")).isEqualTo(tenant);
			assertThat(RawRecords.header(first, "dlq-error")).contains("IllegalStateException", "cannot fold status");
			assertThat(RawRecords.header(first, "dlq-original-topic")).isEqualTo("wa.status.v1");
			assertThat(RawRecords.header(first, "dlq-original-partition")).isNotNull();
			assertThat(RawRecords.header(first, "dlq-original-offset")).isNotNull();
			assertThat(new String(letters.get(1).value(), StandardCharsets.UTF_8)).isEqualTo("not an event");
			assertThat(RawRecords.header(letters.get(1), "origin")).isEqualTo("test");
			assertThat(RawRecords.header(letters.get(1), "dlq-error")).contains("Not a CloudEvent");
			assertThat(RawRecords.header(letters.get(2), "dlq-error")).contains("carries MessageStatusChanged");
			await().atMost(TIMEOUT)
				.until(() -> meters.get(ConsumerMetrics.DEAD_LETTERS).tags("group", group).counter().count() == 3);
			assertThat(meters.get("kafka.consumer.fetch.manager.records.lag.max").tag("group", group).gauges())
				.as("the Kafka client's lag, per group")
				.isNotEmpty();

			int partition = Integer.parseInt(RawRecords.header(first, "dlq-original-partition"));
			long end = Long.parseLong(RawRecords.header(first, "dlq-original-offset")) + 4;
			await().atMost(TIMEOUT)
				.until(() -> EmbeddedKafka.committed(group, Topic.WA_STATUS.topicName()).get(partition),
						(offset) -> Long.valueOf(end).equals(offset));
		}
	}

	@Test
	void aRecordWithoutAnOrderKeyGoesToTheDeadLetterTopicAndTheRestAreHandled() {
		String tenant = "t-" + UUID.randomUUID();
		String key = tenant + ":16505551234";
		publisher.publish(TestEvents.status(tenant, "wamid.before", "sent"), key)
			.then(publisher.publish(TestEvents.status(tenant, "wamid.nokey", "sent"), key))
			.then(publisher.publish(TestEvents.status(tenant, "wamid.after", "sent"), key))
			.block(TIMEOUT);

		List<String> handled = new CopyOnWriteArrayList<>();
		EventConsumer<WaStatus> consumer = EventConsumer
			.builder(EmbeddedKafka.settings(), Topic.WA_STATUS, "it-dlq-order-key", WaStatus.class)
			.handler((event) -> tenant.equals(event.event().tenantId())
					? Mono.fromRunnable(() -> handled.add(event.event().data().wamid())) : Mono.empty())
			.concurrencyPerPartition(4, (event) -> {
				if (event.event().data().wamid().equals("wamid.nokey")) {
					throw new IllegalArgumentException("no recipient");
				}
				return event.event().data().wamid();
			})
			.dlqPublisher(publisher)
			.build();
		try (EventSubscription subscription = consumer.start()) {
			await().atMost(TIMEOUT).until(() -> handled.size() == 2);
			assertThat(handled).containsExactlyInAnyOrder("wamid.before", "wamid.after");
			List<ConsumerRecord<String, byte[]>> letters = RawRecords.read(consumer.dlqTopic(), 1,
					(record) -> key.equals(record.key()));
			assertThat(RawRecords.header(letters.get(0), "dlq-error")).contains("No order key",
					"IllegalArgumentException", "no recipient");
		}
	}

}
