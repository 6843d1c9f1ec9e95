package dev.switchboard.messaging;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.kafka.KafkaSettings;
import dev.switchboard.events.kafka.OutgoingEvent;
import dev.switchboard.events.messaging.MessageStatusChanged;
import dev.switchboard.infra.SharedInfra;
import dev.switchboard.messaging.ShuffledStatuses.State;
import dev.switchboard.messaging.ShuffledStatuses.Subject;
import dev.switchboard.messaging.messages.status.fold.MessageStatus;
import dev.switchboard.simulators.SentMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static dev.switchboard.messaging.ShuffledStatuses.expected;
import static dev.switchboard.messaging.ShuffledStatuses.recipient;
import static dev.switchboard.messaging.ShuffledStatuses.shuffledCopies;
import static dev.switchboard.messaging.ShuffledStatuses.statuses;
import static dev.switchboard.messaging.ShuffledStatuses.threeCopies;
import static dev.switchboard.messaging.ShuffledStatuses.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 10,000 WhatsApp statuses of 2,500 messages through Kafka and PostgreSQL: published to
 * {@code wa.status.v1} as webhook-ingest publishes them, three times over in shuffled
 * order. Every message ends, in the database and through the API, in the state one
 * delivery in order gives (the domain fold of the statuses in the order they happened,
 * computed in the test), and {@code messaging.events.v1} announces each status of a
 * message at most once.
 * <p>
 * The first copy carries webhook-ingest's event ids (name-based on number, wamid, status
 * and timestamp), the second repeats them (Meta delivering a webhook again: the inbox
 * absorbs it), the third carries fresh ids (nothing but the fold absorbs it). One message
 * is really sent through the simulator while the answer to the send is held back, so its
 * statuses arrive before the wamid is stored and are held until it is (one only: a
 * channel's sends go one at a time, so a second held answer would wait behind the first).
 * The other messages are stored as the send path leaves them once Meta answered (wamid
 * recorded, matched by provider): sending 2,500 messages through a number at its tier
 * would take half a minute without testing anything more here.
 */
class ShuffledStatusesIT extends IntegrationSetup {

	/** Four statuses each: 10,000 statuses (a quick local run may pass fewer). */
	private static final int MESSAGES = Integer.getInteger("shuffle.messages", 2_500);

	private static final Logger log = LoggerFactory.getLogger(ShuffledStatusesIT.class);

	private static EventPublisher publisher;

	@BeforeAll
	static void publisher() {
		publisher = new EventPublisher(
				new KafkaSettings(SharedInfra.get().kafka().bootstrapServers(), "messaging-shuffle-it"));
	}

	@AfterAll
	static void closePublisher() {
		if (publisher != null) {
			publisher.close();
		}
	}

	@Test
	void tenThousandStatusesThreeTimesShuffledEndAsOneInOrderDelivery() {
		String run = Long.toString(System.nanoTime(), 36);
		Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(3));
		ShuffledStatusesDatabase tables = new ShuffledStatusesDatabase(this.database);
		List<Subject> thrice = new ArrayList<>();
		int statuses = 0;
		for (int i = 0; i < MESSAGES; i++) {
			thrice.add(new Subject(UUID.randomUUID(), "wamid.shuffled." + run + "." + i, recipient(4, i)));
			statuses += statuses(i, thrice.get(i), base).size();
		}
		assertThat(statuses).isEqualTo(4 * MESSAGES);
		tables.storeAnsweredSends(thrice.subList(1, MESSAGES), base);
		List<List<OutgoingEvent>> copies = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
		for (int i = 1; i < MESSAGES; i++) {
			threeCopies(statuses(i, thrice.get(i), base), copies);
		}

		// Message 0 of the shuffled set is really sent, and the simulator's answer held
		// back: its statuses go first and are held until its wamid is recorded. The
		// answer must come within the call timeout (else the outcome is unknown).
		Subject held = sentWithHeldAnswer(run);
		thrice.set(0, held);
		List<List<OutgoingEvent>> heldCopies = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
		threeCopies(statuses(0, held, base), heldCopies);
		List<OutgoingEvent> heldEvents = shuffledCopies(heldCopies, new Random(3));
		publish(heldEvents);
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> tables.heldWamids(Set.of(held.wamid())) == 1);
		gate.release(held.recipient());

		List<OutgoingEvent> shuffled = shuffledCopies(copies, new Random(11));
		publish(shuffled);
		Set<String> eventIds = new HashSet<>();
		shuffled.forEach((event) -> eventIds.add(event.event().id()));
		heldEvents.forEach((event) -> eventIds.add(event.event().id()));
		assertThat(eventIds).hasSize(8 * MESSAGES);
		await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> {
			long processed = tables.processed(eventIds);
			log.info("{} of {} status events processed", processed, eventIds.size());
			return processed == eventIds.size();
		});
		assertThat(tables.heldWamids(Set.of(held.wamid()))).isZero();

		Map<UUID, State> stored = tables.stored(thrice);
		for (int i = 0; i < MESSAGES; i++) {
			assertThat(stored.get(thrice.get(i).id())).as("message %d", i).isEqualTo(expected(i, base));
		}
		assertThat(stored.values()).extracting(State::status)
			.contains(MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.READ, MessageStatus.FAILED);
		for (int i = 0; i < MESSAGES; i += 97) {
			assertThat(view(this.api.message(thrice.get(i).id().toString()))).isEqualTo(view(expected(i, base)));
		}
		awaitAnnounced(thrice, stored);
	}

	/**
	 * A message really sent through the simulator whose answer the gate holds: its wamid
	 * exists at Meta but not yet here.
	 */
	private Subject sentWithHeldAnswer(String run) {
		String to = "+" + recipient(4, 0);
		gate.hold(to);
		String text = "Shuffled statuses " + run;
		String id = this.api.send("demo", to, text, null);
		SentMessage sent = await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> simulators.meta().sentMessages().stream().filter((m) -> m.body().contains(text)).toList(),
					(found) -> !found.isEmpty())
			.get(0);
		return new Subject(UUID.fromString(id), sent.wamid(), to);
	}

	private static void publish(List<OutgoingEvent> events) {
		for (int from = 0; from < events.size(); from += 2_000) {
			publisher.publishAll(events.subList(from, Math.min(events.size(), from + 2_000)))
				.block(Duration.ofSeconds(60));
		}
	}

	/**
	 * Waits until every final status was announced, then checks that no message had a
	 * status announced twice.
	 */
	private static void awaitAnnounced(List<Subject> subjects, Map<UUID, State> stored) {
		Map<String, Subject> byId = subjects.stream()
			.collect(Collectors.toMap((subject) -> subject.id().toString(), Function.identity()));
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			Set<String> announcedFinal = changes.stream()
				.filter((change) -> byId.containsKey(change.messageId()))
				.filter((change) -> change.status()
					.equals(stored.get(byId.get(change.messageId()).id()).status().value()))
				.map(MessageStatusChanged::messageId)
				.collect(Collectors.toSet());
			assertThat(announcedFinal).hasSize(subjects.size());
		});
		Map<String, Long> perMessageAndStatus = changes.stream()
			.filter((change) -> byId.containsKey(change.messageId()))
			.collect(Collectors.groupingBy((change) -> change.messageId() + " " + change.status(),
					Collectors.counting()));
		assertThat(perMessageAndStatus).allSatisfy((key, count) -> assertThat(count).as(key).isEqualTo(1L));
	}

}
