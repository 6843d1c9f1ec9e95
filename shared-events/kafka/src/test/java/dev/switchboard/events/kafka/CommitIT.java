package dev.switchboard.events.kafka;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import dev.switchboard.events.Topic;
import dev.switchboard.events.messaging.MessageStatusChanged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Offsets are committed only after the handler completed, failures included. */
class CommitIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String TOPIC = Topic.MESSAGING_EVENTS.topicName();

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
	void commitsOnlyWhatTheHandlerCompleted() {
		String tenant = "t-" + UUID.randomUUID();
		String group = "it-commit-" + tenant;
		String key = tenant + ":m1";
		List<OutgoingEvent> events = IntStream.range(0, 5)
			.mapToObj((i) -> OutgoingEvent.of(TestEvents.statusChanged(tenant, "m1", i), key))
			.toList();
		publisher.publishAll(events).block(TIMEOUT);

		Map<Integer, AtomicInteger> attempts = new ConcurrentHashMap<>();
		List<ConsumedEvent<MessageStatusChanged>> done = new CopyOnWriteArrayList<>();
		Sinks.One<Void> gate = Sinks.one();
		EventHandler<MessageStatusChanged> handler = (event) -> {
			if (!tenant.equals(event.event().tenantId())) {
				return Mono.empty();
			}
			int sequence = event.event().data().errorCode();
			if (attempts.computeIfAbsent(sequence, (s) -> new AtomicInteger()).incrementAndGet() == 1) {
				return Mono.error(new IllegalStateException("first attempt fails"));
			}
			Mono<Void> wait = (sequence == 2) ? gate.asMono() : Mono.empty();
			return wait.then(Mono.fromRunnable(() -> done.add(event)));
		};
		try (EventSubscription subscription = EventConsumer
			.builder(EmbeddedKafka.settings(), Topic.MESSAGING_EVENTS, group, MessageStatusChanged.class)
			.handler(handler)
			.retryBackoff(Duration.ofMillis(10))
			.start()) {
			await().atMost(TIMEOUT).until(() -> done.size() == 2);
			int partition = done.get(0).partition();
			long held = done.get(1).offset() + 1;
			// Event 2 is being handled: its offset must not be committed while it is.
			await().atMost(TIMEOUT)
				.until(() -> EmbeddedKafka.committed(group, TOPIC).get(partition),
						(offset) -> Long.valueOf(held).equals(offset));
			await().during(Duration.ofMillis(600))
				.atMost(Duration.ofSeconds(5))
				.until(() -> EmbeddedKafka.committed(group, TOPIC).get(partition),
						(offset) -> Long.valueOf(held).equals(offset));
			assertThat(done).hasSize(2);

			gate.tryEmitEmpty();
			await().atMost(TIMEOUT).until(() -> done.size() == 5);
			await().atMost(TIMEOUT)
				.until(() -> EmbeddedKafka.committed(group, TOPIC).get(partition),
						(offset) -> Long.valueOf(held + 3).equals(offset));
		}
		assertThat(done).extracting((event) -> event.event().data().errorCode()).containsExactly(0, 1, 2, 3, 4);
		assertThat(attempts.values()).allMatch((count) -> count.get() == 2);
	}

	@Test
	void commitsOutOfOrderCompletionsOnlyUpToTheFirstRecordStillHandled() {
		String tenant = "t-" + UUID.randomUUID();
		String group = "it-deferred-" + tenant;
		String key = tenant + ":m3";
		List<OutgoingEvent> events = IntStream.range(0, 5)
			.mapToObj((i) -> OutgoingEvent.of(TestEvents.statusChanged(tenant, "m3", i), key))
			.toList();
		publisher.publishAll(events).block(TIMEOUT);

		List<ConsumedEvent<MessageStatusChanged>> done = new CopyOnWriteArrayList<>();
		Sinks.One<Void> gate = Sinks.one();
		int[] ownSubLaneKeys = keysOfDistinctSubLanes(5, 8);
		EventHandler<MessageStatusChanged> handler = (event) -> {
			if (!tenant.equals(event.event().tenantId())) {
				return Mono.empty();
			}
			Mono<Void> wait = (event.event().data().errorCode() == 1) ? gate.asMono() : Mono.empty();
			return wait.then(Mono.fromRunnable(() -> done.add(event)));
		};
		try (EventSubscription subscription = EventConsumer
			.builder(EmbeddedKafka.settings(), Topic.MESSAGING_EVENTS, group, MessageStatusChanged.class)
			.handler(handler)
			// Every record an order key of its own sub-lane: all five in flight at once.
			.concurrencyPerPartition(8,
					(event) -> tenant.equals(event.event().tenantId())
							? ownSubLaneKeys[event.event().data().errorCode()] : event.event().id())
			.start()) {
			await().atMost(TIMEOUT).until(() -> done.size() == 4);
			ConsumedEvent<MessageStatusChanged> first = done.stream()
				.filter((event) -> event.event().data().errorCode() == 0)
				.findFirst()
				.orElseThrow();
			int partition = first.partition();
			long held = first.offset() + 1;
			// Record 1 is still being handled: nothing after it may be committed.
			await().atMost(TIMEOUT)
				.until(() -> EmbeddedKafka.committed(group, TOPIC).get(partition),
						(offset) -> Long.valueOf(held).equals(offset));
			await().during(Duration.ofMillis(600))
				.atMost(Duration.ofSeconds(5))
				.until(() -> EmbeddedKafka.committed(group, TOPIC).get(partition),
						(offset) -> Long.valueOf(held).equals(offset));

			gate.tryEmitEmpty();
			await().atMost(TIMEOUT).until(() -> done.size() == 5);
			await().atMost(TIMEOUT)
				.until(() -> EmbeddedKafka.committed(group, TOPIC).get(partition),
						(offset) -> Long.valueOf(held + 4).equals(offset));
		}
	}

	@Test
	void closeLetsTheRecordBeingHandledFinishAndCommitsIt() {
		String tenant = "t-" + UUID.randomUUID();
		String group = "it-close-" + tenant;
		publisher.publish(TestEvents.statusChanged(tenant, "m2", 0), tenant + ":m2").block(TIMEOUT);
		List<ConsumedEvent<MessageStatusChanged>> started = new CopyOnWriteArrayList<>();
		List<ConsumedEvent<MessageStatusChanged>> done = new CopyOnWriteArrayList<>();
		EventSubscription subscription = EventConsumer
			.builder(EmbeddedKafka.settings(), Topic.MESSAGING_EVENTS, group, MessageStatusChanged.class)
			.handler((event) -> tenant.equals(event.event().tenantId()) ? Mono.fromRunnable(() -> started.add(event))
				.then(Mono.delay(Duration.ofMillis(500)))
				.then(Mono.fromRunnable(() -> done.add(event))) : Mono.empty())
			.start();
		await().atMost(TIMEOUT).until(() -> !started.isEmpty());
		subscription.close();
		assertThat(done).hasSize(1);
		ConsumedEvent<MessageStatusChanged> event = done.get(0);
		assertThat(EmbeddedKafka.committed(group, TOPIC)).containsEntry(event.partition(), event.offset() + 1);
	}

	/**
	 * With several records of a partition at once, a stop takes no new record but handles
	 * those behind one already handled: skipped, they would hold the commit before the
	 * later record, which would be handled again at the next start.
	 */
	@Test
	void closeWithRecordsOfAPartitionAtOnceHandlesTheRecordsBehindAFinishedOne() {
		String tenant = "t-" + UUID.randomUUID();
		String group = "it-close-lanes-" + tenant;
		String key = tenant + ":m4";
		List<OutgoingEvent> events = IntStream.range(0, 5)
			.mapToObj((i) -> OutgoingEvent.of(TestEvents.statusChanged(tenant, "m4", i), key))
			.toList();
		publisher.publishAll(events).block(TIMEOUT);

		List<ConsumedEvent<MessageStatusChanged>> done = new CopyOnWriteArrayList<>();
		Sinks.One<Void> gate = Sinks.one();
		int[] subLaneKeys = keysOfDistinctSubLanes(5, 8);
		EventHandler<MessageStatusChanged> handler = (event) -> {
			if (!tenant.equals(event.event().tenantId())) {
				return Mono.empty();
			}
			Mono<Void> wait = (event.event().data().errorCode() == 0) ? gate.asMono() : Mono.empty();
			return wait.then(Mono.fromRunnable(() -> done.add(event)));
		};
		EventSubscription subscription = EventConsumer
			.builder(EmbeddedKafka.settings(), Topic.MESSAGING_EVENTS, group, MessageStatusChanged.class)
			.handler(handler)
			// Records 0 and 1 share a sub-lane: 1 waits behind 0 while 2, 3 and 4 finish.
			.concurrencyPerPartition(8,
					(event) -> tenant.equals(event.event().tenantId())
							? subLaneKeys[Math.max(event.event().data().errorCode(), 1) - 1] : event.event().id())
			.start();
		await().atMost(TIMEOUT).until(() -> done.size() == 3);

		// Record 0 finishes while the consumer drains: record 1 behind it must follow.
		Mono.delay(Duration.ofMillis(300)).subscribe((tick) -> gate.tryEmitEmpty());
		subscription.close(TIMEOUT);

		assertThat(done).extracting((event) -> event.event().data().errorCode())
			.containsExactlyInAnyOrder(0, 1, 2, 3, 4);
		ConsumedEvent<MessageStatusChanged> last = done.stream()
			.max(Comparator.comparingLong(ConsumedEvent::offset))
			.orElseThrow();
		assertThat(EmbeddedKafka.committed(group, TOPIC)).containsEntry(last.partition(), last.offset() + 1);
	}

	/** Order keys that land in as many different sub-lanes. */
	private static int[] keysOfDistinctSubLanes(int count, int subLanes) {
		Set<Integer> taken = new HashSet<>();
		int[] keys = new int[count];
		int found = 0;
		for (int candidate = 0; found < count; candidate++) {
			if (taken.add(Math.floorMod(EventConsumer.spread(Integer.hashCode(candidate)), subLanes))) {
				keys[found++] = candidate;
			}
		}
		return keys;
	}

}
