package dev.switchboard.events.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.Topic;
import dev.switchboard.events.wa.WaStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Re-drive against a real broker: records a consumer dead-lettered go back to their topic
 * once the cause is fixed and are applied once (a second re-drive finds them applied
 * already); a key or a time range copies only the dead letters it selects; a copy carries
 * the original key, value and headers without the dead-letter ones; the work stops at the
 * end offsets seen at the start.
 */
class DeadLetterRedriveIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static EventPublisher publisher;

	private static DeadLetterRedrive redrive;

	@BeforeAll
	static void start() {
		TopicAdmin.ensureTopics(EmbeddedKafka.settings(), Topic.WA_STATUS).block(TIMEOUT);
		publisher = new EventPublisher(EmbeddedKafka.settings());
		redrive = new DeadLetterRedrive(EmbeddedKafka.settings(), publisher);
	}

	@AfterAll
	static void stop() {
		publisher.close();
	}

	@Test
	void deadLettersRedrivenOnceTheCauseIsFixedAreAppliedOnce() {
		String tenant = "t-" + UUID.randomUUID();
		String group = "it-redrive-" + UUID.randomUUID();
		String key = tenant + ":16505551234";
		List<EventEnvelope<WaStatus>> events = List.of(TestEvents.status(tenant, "wamid.ok1", "sent"),
				TestEvents.status(tenant, "wamid.bad1", "sent"), TestEvents.status(tenant, "wamid.ok2", "sent"),
				TestEvents.status(tenant, "wamid.bad2", "delivered"));
		Flux.fromIterable(events).concatMap((event) -> publisher.publish(event, key)).then().block(TIMEOUT);

		// A handler with an inbox: an event id applies once, however often it arrives.
		AtomicBoolean broken = new AtomicBoolean(true);
		Set<String> inbox = ConcurrentHashMap.newKeySet();
		Map<String, AtomicInteger> applied = new ConcurrentHashMap<>();
		AtomicInteger deliveries = new AtomicInteger();
		EventConsumer<WaStatus> consumer = EventConsumer
			.builder(EmbeddedKafka.settings(), Topic.WA_STATUS, group, WaStatus.class)
			.handler((event) -> {
				if (!tenant.equals(event.event().tenantId())) {
					return Mono.empty();
				}
				deliveries.incrementAndGet();
				String wamid = event.event().data().wamid();
				if (broken.get() && wamid.startsWith("wamid.bad")) {
					return Mono.error(new IllegalStateException("cannot fold " + wamid));
				}
				return Mono.fromRunnable(() -> {
					if (inbox.add(event.event().id())) {
						applied.computeIfAbsent(wamid, (ignored) -> new AtomicInteger()).incrementAndGet();
					}
				});
			})
			.retries(1)
			.retryBackoff(Duration.ofMillis(10))
			.dlqPublisher(publisher)
			.build();
		try (EventSubscription subscription = consumer.start()) {
			await().atMost(TIMEOUT).until(() -> redrive.held(consumer.dlqTopic()) == 2 && applied.size() == 2);
			broken.set(false);

			DeadLetterRedrive.Report report = redrive.redrive(consumer.dlqTopic(), DeadLetterRedrive.Filter.all());

			assertThat(report)
				.isEqualTo(new DeadLetterRedrive.Report(consumer.dlqTopic(), Topic.WA_STATUS.topicName(), 2, 2, 0));
			await().atMost(TIMEOUT).until(() -> applied.size() == 4);
			int afterFirst = deliveries.get();

			// Copied again: delivered again, applied no more.
			assertThat(redrive.redrive(consumer.dlqTopic(), DeadLetterRedrive.Filter.all()).copied()).isEqualTo(2);
			await().atMost(TIMEOUT).until(() -> deliveries.get() == afterFirst + 2);
			assertThat(applied).allSatisfy((wamid, count) -> assertThat(count).hasValue(1));
			assertThat(redrive.held(consumer.dlqTopic())).isEqualTo(2);
		}
	}

	@Test
	void aKeyOrATimeRangeCopiesOnlyTheDeadLettersItSelects() {
		String source = "redrive-it-" + UUID.randomUUID();
		String dlq = Topic.dlqName(source, "g");
		TopicAdmin.ensureTopics(EmbeddedKafka.settings(), List.of(source, dlq)).block(TIMEOUT);
		// Recent, so that the topic's retention leaves them alone.
		Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
		// Dead-lettered at t0 + i minutes, keys a and b in turn; one from another topic.
		List<ProducerRecord<String, byte[]>> letters = new ArrayList<>();
		IntStream.range(0, 6)
			.forEach((i) -> letters
				.add(deadLetter(dlq, source, (i % 2 == 0) ? "a" : "b", "v" + i, t0.plusSeconds(60L * i))));
		letters.add(deadLetter(dlq, "elsewhere", "a", "v-elsewhere", t0.plusSeconds(30)));
		Flux.fromIterable(letters).concatMap(publisher::send).then().block(TIMEOUT);
		Map<TopicPartition, Long> before = ends(source);

		DeadLetterRedrive.Report byKey = redrive.redrive(dlq, new DeadLetterRedrive.Filter(null, null, "a"));
		assertThat(byKey).isEqualTo(new DeadLetterRedrive.Report(dlq, source, 7, 3, 4));
		List<ConsumerRecord<String, byte[]>> copies = readFrom(source, before, 3);
		assertThat(copies).extracting(ConsumerRecord::key).containsOnly("a");
		assertThat(copies).extracting((record) -> new String(record.value(), StandardCharsets.UTF_8))
			.containsExactly("v0", "v2", "v4");
		ConsumerRecord<String, byte[]> copy = copies.get(0);
		assertThat(header(copy, "ce_id")).isEqualTo("event-v0");
		assertThat(copy.headers().toArray()).extracting(Header::key).noneMatch((name) -> name.startsWith("dlq-"));

		// [t0 + 1 min, t0 + 4 min): read from the first record at or after t0 + 1 min
		// (v1) to the end; v4, v5 and the earlier one from elsewhere are skipped.
		Map<TopicPartition, Long> beforeRange = ends(source);
		DeadLetterRedrive.Report byTime = redrive.redrive(dlq,
				new DeadLetterRedrive.Filter(t0.plusSeconds(60), t0.plusSeconds(240), null));
		assertThat(byTime).isEqualTo(new DeadLetterRedrive.Report(dlq, source, 6, 3, 3));
		assertThat(readFrom(source, beforeRange, 3))
			.extracting((record) -> new String(record.value(), StandardCharsets.UTF_8))
			.containsExactlyInAnyOrder("v1", "v2", "v3");
		assertThat(ends(source).values().stream().mapToLong(Long::longValue).sum())
			.isEqualTo(beforeRange.values().stream().mapToLong(Long::longValue).sum() + 3);
	}

	@Test
	void aTopicThatIsNoDeadLetterTopicIsRefusedAndAMissingOneHoldsNothing() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> redrive.redrive("wa.status.v1", DeadLetterRedrive.Filter.all()));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new DeadLetterRedrive.Filter(Instant.parse("2026-11-23T10:00:00Z"),
					Instant.parse("2026-11-23T09:00:00Z"), null));
		String missing = "missing-" + UUID.randomUUID() + ".dlq.g";
		assertThat(redrive.redrive(missing, DeadLetterRedrive.Filter.all()))
			.isEqualTo(new DeadLetterRedrive.Report(missing, DeadLetterRedrive.sourceOf(missing), 0, 0, 0));
	}

	/** A dead letter as the consumer writes it, at a chosen time, all in partition 0. */
	private static ProducerRecord<String, byte[]> deadLetter(String dlq, String originalTopic, String key, String value,
			Instant at) {
		ProducerRecord<String, byte[]> letter = new ProducerRecord<>(dlq, 0, at.toEpochMilli(), key,
				value.getBytes(StandardCharsets.UTF_8));
		letter.headers().add("ce_id", ("event-" + value).getBytes(StandardCharsets.UTF_8));
		letter.headers()
			.add(DeadLetters.ERROR, "java.lang.IllegalStateException: boom".getBytes(StandardCharsets.UTF_8));
		letter.headers().add(DeadLetters.ORIGINAL_TOPIC, originalTopic.getBytes(StandardCharsets.UTF_8));
		letter.headers().add(DeadLetters.ORIGINAL_PARTITION, "0".getBytes(StandardCharsets.UTF_8));
		letter.headers().add(DeadLetters.ORIGINAL_OFFSET, "42".getBytes(StandardCharsets.UTF_8));
		letter.headers().add(DeadLetters.CONSUMER_GROUP, "g".getBytes(StandardCharsets.UTF_8));
		return letter;
	}

	private static Map<TopicPartition, Long> ends(String topic) {
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				EmbeddedKafka.settings().readerProperties("it"))) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic)
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			return consumer.endOffsets(partitions);
		}
	}

	/**
	 * The records written after the given end offsets, in the order of their partition.
	 */
	private static List<ConsumerRecord<String, byte[]>> readFrom(String topic, Map<TopicPartition, Long> from,
			int count) {
		List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				EmbeddedKafka.settings().readerProperties("it"))) {
			consumer.assign(from.keySet());
			from.forEach(consumer::seek);
			await().atMost(TIMEOUT).until(() -> {
				consumer.poll(Duration.ofMillis(100)).forEach(found::add);
				return found.size() >= count;
			});
		}
		return found;
	}

	private static String header(ConsumerRecord<String, byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
