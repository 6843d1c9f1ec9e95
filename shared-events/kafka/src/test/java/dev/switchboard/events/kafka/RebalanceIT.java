package dev.switchboard.events.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import dev.switchboard.events.Topic;
import dev.switchboard.events.messaging.SendMessageCommand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two consumers share a group: the second joins mid-stream, later the first leaves.
 * Nothing is lost, every key stays in order, and the committed offsets reach the end.
 */
class RebalanceIT {

	private static final Logger log = LoggerFactory.getLogger(RebalanceIT.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(45);

	private static final Topic TOPIC = Topic.ORDERS_RECEIVED;

	private static final String GROUP = "it-rebalance";

	private static final int KEYS = 50;

	private final KeyOrder processed = new KeyOrder();

	private final Map<String, Set<String>> keysByConsumer = new ConcurrentHashMap<>();

	@Test
	void secondConsumerJoinsMidStreamAndLaterTakesOverWithoutLosingRecords() {
		String tenant = "t-" + UUID.randomUUID();
		TopicAdmin.ensureTopics(EmbeddedKafka.settings(), TOPIC).block(TIMEOUT);
		Map<String, Integer> published = new LinkedHashMap<>();
		// The first consumer holds after 300 records until the second one is in the
		// group: it joins mid-stream.
		Sinks.Empty<Void> secondJoined = Sinks.empty();

		try (EventPublisher publisher = new EventPublisher(EmbeddedKafka.settings());
				EventSubscription first = start("first", secondJoined.asMono())) {
			publisher.publishAll(batch(tenant, 0, 1000, published)).block(TIMEOUT);
			step("published 1000");
			await().atMost(TIMEOUT).until(() -> this.processed.distinct() >= 300);
			step("first processed 300");
			try (EventSubscription second = start("second", Mono.empty())) {
				await().atMost(TIMEOUT).until(() -> EmbeddedKafka.members(GROUP) == 2);
				step("second joined");
				secondJoined.tryEmitEmpty();
				await().atMost(TIMEOUT).until(() -> !second.assignedPartitions().isEmpty());
				step("second assigned");
				await().atMost(TIMEOUT).until(() -> this.processed.distinct() == 1000);
				step("all 1000 processed");
				assertThat(this.keysByConsumer).containsKeys("first", "second");
				assertThat(this.keysByConsumer.get("second")).as("second got a share mid-stream").hasSizeGreaterThan(5);

				first.close();
				await().atMost(TIMEOUT).until(() -> second.assignedPartitions().size() == TOPIC.partitions());
				step("second took over");
				publisher.publishAll(batch(tenant, 1000, 200, published)).block(TIMEOUT);
				await().atMost(TIMEOUT).until(() -> this.processed.distinct() == 1200);
				await().atMost(TIMEOUT)
					.until(() -> committedTotal() == EmbeddedKafka.endOffsets(TOPIC.topicName(), TOPIC.partitions()));
				step("all 1200 processed and committed");
			}
		}
		this.processed.assertAtLeastOnceInOrder(published);
	}

	private EventSubscription start(String name, Mono<Void> holdAfter300) {
		return EventConsumer.builder(EmbeddedKafka.settings(), TOPIC, GROUP, SendMessageCommand.class)
			.handler((event) -> Mono.defer(() -> (this.processed.distinct() >= 300) ? holdAfter300 : Mono.<Void>empty())
				.then(Mono.delay(Duration.ofMillis(5)))
				.then(Mono.fromRunnable(() -> {
					String key = event.event().data().channelId();
					this.keysByConsumer.computeIfAbsent(name, (n) -> ConcurrentHashMap.newKeySet()).add(key);
					this.processed.add(key, TestEvents.sequence(event.event()));
				})))
			.start();
	}

	/**
	 * Records {@code from..from+count} spread round-robin over the keys, in sequence per
	 * key.
	 */
	private static List<OutgoingEvent> batch(String tenant, int from, int count, Map<String, Integer> published) {
		return IntStream.range(from, from + count).mapToObj((i) -> {
			String key = "k" + (i % KEYS);
			int sequence = published.merge(key, 1, Integer::sum) - 1;
			return new OutgoingEvent(TOPIC, tenant + ":" + key, TestEvents.command(tenant, key, sequence));
		}).toList();
	}

	private void step(String step) {
		log.info("{}: {} handled, {} distinct, consumers {}", step, this.processed.size(), this.processed.distinct(),
				this.keysByConsumer.keySet());
	}

	private static long committedTotal() {
		return EmbeddedKafka.committed(GROUP, TOPIC.topicName()).values().stream().mapToLong(Long::longValue).sum();
	}

}
