package dev.switchboard.events.kafka;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import dev.switchboard.events.Topic;
import dev.switchboard.events.messaging.MessageStatusChanged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A consumer never stops silently: partitions left paused are resumed by the watchdog's
 * restart, and a handler call that never answers times out and is tried again.
 */
class StallRecoveryIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static EventPublisher publisher;

	@BeforeAll
	static void start() {
		TopicAdmin.ensureTopics(EmbeddedKafka.settings(), Topic.MESSAGING_EVENTS).block(TIMEOUT);
		publisher = new EventPublisher(EmbeddedKafka.settings());
	}

	@AfterAll
	static void stop() {
		publisher.close();
	}

	@Test
	void aConsumerLeftPausedIsRestartedAndReadsOn() {
		String tenant = "t-" + UUID.randomUUID();
		Set<Integer> handled = ConcurrentHashMap.newKeySet();
		EventConsumer<MessageStatusChanged> consumer = EventConsumer
			.builder(EmbeddedKafka.settings(), Topic.MESSAGING_EVENTS, "it-stall-" + tenant, MessageStatusChanged.class)
			.handler((event) -> Mono.fromRunnable(() -> {
				if (tenant.equals(event.event().tenantId())) {
					handled.add(event.event().data().errorCode());
				}
			}))
			.stallTimeout(Duration.ofSeconds(2), Duration.ofMillis(500))
			.build();
		try (EventSubscription subscription = consumer.start()) {
			publisher.publish(TestEvents.statusChanged(tenant, "m1", 1), tenant + ":m1").block(TIMEOUT);
			await().atMost(TIMEOUT).until(() -> handled.contains(1));

			consumer.pauseAssignedPartitions().block(TIMEOUT);
			publisher.publish(TestEvents.statusChanged(tenant, "m1", 2), tenant + ":m1").block(TIMEOUT);

			await().atMost(TIMEOUT).until(() -> handled.contains(2));
		}
	}

	@Test
	void aHandlerThatNeverAnswersTimesOutAndIsTriedAgain() {
		String tenant = "t-" + UUID.randomUUID();
		AtomicInteger attempts = new AtomicInteger();
		Set<Integer> handled = ConcurrentHashMap.newKeySet();
		try (EventSubscription subscription = EventConsumer
			.builder(EmbeddedKafka.settings(), Topic.MESSAGING_EVENTS, "it-hung-" + tenant, MessageStatusChanged.class)
			.handler((event) -> {
				if (!tenant.equals(event.event().tenantId())) {
					return Mono.empty();
				}
				if (attempts.incrementAndGet() == 1) {
					return Mono.never();
				}
				return Mono.fromRunnable(() -> handled.add(event.event().data().errorCode()));
			})
			.handlerTimeout(Duration.ofMillis(500))
			.retryBackoff(Duration.ofMillis(10))
			.start()) {
			publisher.publish(TestEvents.statusChanged(tenant, "m1", 7), tenant + ":m1").block(TIMEOUT);

			await().atMost(TIMEOUT).until(() -> handled.contains(7));
			assertThat(attempts).hasValue(2);
		}
	}

}
