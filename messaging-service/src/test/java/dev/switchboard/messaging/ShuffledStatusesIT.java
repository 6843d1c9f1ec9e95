package dev.switchboard.messaging;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.messaging.MessageStatusChanged;
import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.kafka.KafkaSettings;
import dev.switchboard.events.kafka.OutgoingEvent;
import dev.switchboard.events.wa.WaConversation;
import dev.switchboard.events.wa.WaError;
import dev.switchboard.events.wa.WaPricing;
import dev.switchboard.events.wa.WaStatus;
import dev.switchboard.infra.SharedInfra;
import dev.switchboard.messaging.messages.status.DeliveryState;
import dev.switchboard.messaging.messages.status.MessageStatus;
import dev.switchboard.messaging.messages.status.Pricing;
import dev.switchboard.messaging.messages.status.StatusError;
import dev.switchboard.messaging.messages.status.StatusUpdate;
import dev.switchboard.simulators.SentMessage;
import dev.switchboard.simulators.SimulatorOptions;
import io.r2dbc.spi.Readable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

	private static final String GROUP = "messaging-service.statuses";

	private static final URI INGEST_SOURCE = URI.create("/webhook-ingest/whatsapp");

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
		List<Subject> thrice = new ArrayList<>();
		int statuses = 0;
		for (int i = 0; i < MESSAGES; i++) {
			thrice.add(new Subject(UUID.randomUUID(), "wamid.shuffled." + run + "." + i, recipient(4, i)));
			statuses += statuses(i, thrice.get(i), base).size();
		}
		assertThat(statuses).isEqualTo(4 * MESSAGES);
		storeAnsweredSends(thrice.subList(1, MESSAGES), base);
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
			.until(() -> heldWamids(Set.of(held.wamid())) == 1);
		gate.release(held.recipient());

		List<OutgoingEvent> shuffled = shuffledCopies(copies, new Random(11));
		publish(shuffled);
		Set<String> eventIds = new HashSet<>();
		shuffled.forEach((event) -> eventIds.add(event.event().id()));
		heldEvents.forEach((event) -> eventIds.add(event.event().id()));
		assertThat(eventIds).hasSize(8 * MESSAGES);
		await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> {
			long processed = processed(eventIds);
			log.info("{} of {} status events processed", processed, eventIds.size());
			return processed == eventIds.size();
		});
		assertThat(heldWamids(Set.of(held.wamid()))).isZero();

		Map<UUID, State> stored = stored(thrice);
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
	 * Copy 1 with webhook-ingest's ids, copy 2 repeating them (the inbox absorbs it),
	 * copy 3 with fresh ids (only the fold absorbs it).
	 */
	private static void threeCopies(List<WaStatus> statuses, List<List<OutgoingEvent>> copies) {
		for (WaStatus status : statuses) {
			copies.get(0).add(ingested(status, ingestId(status)));
			copies.get(1).add(ingested(status, ingestId(status)));
			copies.get(2).add(ingested(status, UUID.randomUUID().toString()));
		}
	}

	private static List<OutgoingEvent> shuffledCopies(List<List<OutgoingEvent>> copies, Random random) {
		List<OutgoingEvent> shuffled = new ArrayList<>();
		for (List<OutgoingEvent> copy : copies) {
			List<OutgoingEvent> mixed = new ArrayList<>(copy);
			Collections.shuffle(mixed, random);
			shuffled.addAll(mixed);
		}
		return shuffled;
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

	/** Stores messages as the send path leaves them once Meta answered with a wamid. */
	private void storeAnsweredSends(List<Subject> subjects, Instant base) {
		for (int from = 0; from < subjects.size(); from += 500) {
			List<Subject> chunk = subjects.subList(from, Math.min(subjects.size(), from + 500));
			this.database
				.sql("INSERT INTO messages (id, tenant_id, channel_id, provider, recipient, type, body, content, status, "
						+ "wamid, matched_by, provider_attempts, provider_call_started_at, accepted_at, created_at, "
						+ "updated_at) SELECT u.id, 'demo', 'demo-meta', 'META', u.recipient, 'text', 'Shuffled statuses', "
						+ "'{\"body\":\"Shuffled statuses\"}'::jsonb, 'accepted', u.wamid, 'provider', 1, :at, :at, :at, "
						+ ":at FROM unnest(:ids, :recipients, :wamids) AS u(id, recipient, wamid)")
				.bind("ids", chunk.stream().map(Subject::id).toArray(UUID[]::new))
				.bind("recipients", chunk.stream().map(Subject::recipient).toArray(String[]::new))
				.bind("wamids", chunk.stream().map(Subject::wamid).toArray(String[]::new))
				.bind("at", base.minusSeconds(60))
				.then()
				.block(Duration.ofSeconds(30));
		}
	}

	/** The recipient digits of message {@code i} of a set (distinct from other tests). */
	private static String recipient(int set, int i) {
		return String.format(Locale.ROOT, "97250%d%06d", set, i);
	}

	/**
	 * The four statuses Meta reports for message {@code i}, in the order they happened: a
	 * mix of read, delivered, delivered then failed, and failed twice (the earliest
	 * failure's error wins), some reported again later.
	 */
	private static List<WaStatus> statuses(int i, Subject subject, Instant base) {
		Instant sent = base.plusSeconds(i);
		WaPricing pricing = new WaPricing(i % 5 != 0, "PMP", "regular", (i % 3 == 0) ? "marketing" : "utility");
		WaConversation conversation = new WaConversation("conv-" + i, null, (i % 3 == 0) ? "marketing" : "utility");
		List<WaStatus> statuses = new ArrayList<>();
		statuses.add(status(subject, "sent", sent, pricing, conversation, null));
		switch (i % 10) {
			case 0 -> {
				statuses.add(status(subject, "failed", sent.plusSeconds(3), null, null,
						new WaError(131026, "Message undeliverable", "Message undeliverable", "No WhatsApp", null)));
				statuses.add(status(subject, "sent", sent.plusSeconds(4), null, null, null));
				statuses.add(status(subject, "failed", sent.plusSeconds(9), null, null,
						new WaError(131049, "Meta chose not to deliver", "Meta chose not to deliver", null, null)));
			}
			case 1 -> {
				statuses.add(status(subject, "delivered", sent.plusSeconds(5), pricing, conversation, null));
				statuses.add(status(subject, "failed", sent.plusSeconds(7), null, null,
						new WaError(131047, "Re-engagement message", "Re-engagement message", "24 h passed", null)));
				statuses.add(status(subject, "delivered", sent.plusSeconds(30), null, null, null));
			}
			case 2 -> {
				statuses.add(status(subject, "sent", sent.plusSeconds(2), null, null, null));
				statuses.add(status(subject, "sent", sent.plusSeconds(6), null, null, null));
				statuses.add(status(subject, "sent", sent.plusSeconds(8), null, null, null));
			}
			default -> {
				statuses.add(status(subject, "delivered", sent.plusSeconds(5), (i % 2 == 0) ? pricing : null,
						(i % 2 == 0) ? conversation : null, null));
				statuses.add(status(subject, "read", sent.plusSeconds(10), null, null, null));
				statuses.add((i % 4 == 1) ? status(subject, "read", sent.plusSeconds(40), null, null, null)
						: status(subject, "delivered", sent.plusSeconds(30), null, null, null));
			}
		}
		return statuses;
	}

	private static WaStatus status(Subject subject, String status, Instant at, WaPricing pricing,
			WaConversation conversation, WaError error) {
		return new WaStatus(SimulatorOptions.DEMO_PHONE_NUMBER_ID, SimulatorOptions.DEFAULT_WABA_ID,
				SimulatorOptions.DEMO_DISPLAY_PHONE_NUMBER, subject.wamid(), status, at,
				subject.recipient().replace("+", ""), null, null, conversation, pricing,
				(error != null) ? List.of(error) : null);
	}

	/** The event as webhook-ingest publishes it, keyed by tenant and recipient. */
	private static OutgoingEvent ingested(WaStatus status, String eventId) {
		EventEnvelope<WaStatus> event = new EventEnvelope<>(eventId, EventType.WA_STATUS_V1, INGEST_SOURCE,
				status.timestamp(), status.wamid(), "demo", null, null, status);
		return OutgoingEvent.of(event, "demo:" + status.recipientId());
	}

	/** webhook-ingest's id: name-based on number, wamid, status and timestamp. */
	private static String ingestId(WaStatus status) {
		String name = EventType.WA_STATUS_V1.type() + ":" + status.phoneNumberId() + ":" + status.wamid() + ":"
				+ status.status() + ":" + status.timestamp().getEpochSecond();
		return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
	}

	private static void publish(List<OutgoingEvent> events) {
		for (int from = 0; from < events.size(); from += 2_000) {
			publisher.publishAll(events.subList(from, Math.min(events.size(), from + 2_000)))
				.block(Duration.ofSeconds(60));
		}
	}

	/**
	 * What one delivery in order leaves, computed by the domain fold alone (the accepted
	 * time is left out: the held sends were accepted now).
	 */
	private static State expected(int i, Instant base) {
		Subject any = new Subject(UUID.randomUUID(), "wamid.expected", "+972504000000");
		DeliveryState state = DeliveryState.accepted(base);
		for (WaStatus status : statuses(i, any, base)) {
			state = state.apply(update(status)).state();
		}
		Map<MessageStatus, Instant> times = new EnumMap<>(state.times());
		times.remove(MessageStatus.ACCEPTED);
		return new State(state.status(), times, state.error(), state.pricing());
	}

	private static StatusUpdate update(WaStatus status) {
		MessageStatus parsed = MessageStatus.parse(status.status()).orElseThrow();
		StatusError error = (status.errors() != null) ? new StatusError(status.errors().get(0).code(),
				status.errors().get(0).title(), status.errors().get(0).details()) : null;
		WaPricing pricing = status.pricing();
		WaConversation conversation = status.conversation();
		Pricing price = (pricing != null || conversation != null) ? new Pricing(
				(pricing != null) ? pricing.category() : null, (pricing != null) ? pricing.pricingModel() : null,
				(pricing != null) ? pricing.type() : null, (pricing != null) ? pricing.billable() : null,
				(conversation != null) ? conversation.id() : null,
				(conversation != null) ? conversation.originType() : null) : null;
		return new StatusUpdate(parsed, status.timestamp(), error, price);
	}

	private long heldWamids(Set<String> wamids) {
		return this.database.sql("SELECT count(DISTINCT wamid) AS held FROM held_statuses WHERE wamid = ANY(:wamids)")
			.bind("wamids", wamids.toArray(new String[0]))
			.map((row) -> row.get("held", Long.class))
			.one()
			.block(Duration.ofSeconds(10));
	}

	private long processed(Set<String> eventIds) {
		return this.database
			.sql("SELECT count(*) AS processed FROM inbox WHERE consumer_group = :group AND event_id = ANY(:ids)")
			.bind("group", GROUP)
			.bind("ids", eventIds.toArray(new String[0]))
			.map((row) -> row.get("processed", Long.class))
			.one()
			.block(Duration.ofSeconds(10));
	}

	/** The stored delivery state of the messages, by message id. */
	private Map<UUID, State> stored(List<Subject> subjects) {
		List<UUID> ids = subjects.stream().map(Subject::id).toList();
		return this.database
			.sql("SELECT id, status, sent_at, delivered_at, read_at, played_at, failed_at, error_code, error_title, "
					+ "error_details, pricing_category, pricing_model, pricing_type, billable, conversation_id, "
					+ "conversation_origin FROM messages WHERE id = ANY(:ids)")
			.bind("ids", ids.toArray(new UUID[0]))
			.map((row) -> Map.entry(row.get("id", UUID.class), state(row)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue)
			.block(Duration.ofSeconds(30));
	}

	private static State state(Readable row) {
		Map<MessageStatus, Instant> times = new EnumMap<>(MessageStatus.class);
		Map<MessageStatus, String> columns = Map.of(MessageStatus.SENT, "sent_at", MessageStatus.DELIVERED,
				"delivered_at", MessageStatus.READ, "read_at", MessageStatus.PLAYED, "played_at", MessageStatus.FAILED,
				"failed_at");
		columns.forEach((status, column) -> {
			Instant at = row.get(column, Instant.class);
			if (at != null) {
				times.put(status, at);
			}
		});
		Integer code = row.get("error_code", Integer.class);
		StatusError error = (code != null)
				? new StatusError(code, row.get("error_title", String.class), row.get("error_details", String.class))
				: null;
		Pricing pricing = new Pricing(row.get("pricing_category", String.class), row.get("pricing_model", String.class),
				row.get("pricing_type", String.class), row.get("billable", Boolean.class),
				row.get("conversation_id", String.class), row.get("conversation_origin", String.class));
		return new State(MessageStatus.parse(row.get("status", String.class)).orElseThrow(), times, error, pricing);
	}

	/**
	 * What the API shows of a message's delivery: status, status times (without
	 * accepted), error code, title and details, pricing.
	 */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> view(Map<String, Object> message) {
		Map<String, Object> times = new HashMap<>((Map<String, Object>) message.get("statusTimes"));
		times.remove("accepted");
		Map<String, Object> error = (Map<String, Object>) message.get("error");
		Map<String, Object> view = new HashMap<>();
		view.put("status", message.get("status"));
		view.put("statusTimes", times);
		view.put("error", (error != null) ? List.of(String.valueOf(error.get("code")),
				String.valueOf(error.get("title")), String.valueOf(error.get("details"))) : null);
		view.put("pricing", message.get("pricing"));
		return view;
	}

	/** The same view of an expected state. */
	private static Map<String, Object> view(State state) {
		Map<String, Object> times = new HashMap<>();
		state.times().forEach((status, at) -> times.put(status.value(), at.toString()));
		StatusError error = state.error();
		Pricing pricing = state.pricing();
		Map<String, Object> price = new HashMap<>();
		price.put("category", pricing.category());
		price.put("model", pricing.model());
		price.put("type", pricing.type());
		price.put("billable", pricing.billable());
		price.put("conversationId", pricing.conversationId());
		price.put("conversationOrigin", pricing.conversationOrigin());
		Map<String, Object> view = new HashMap<>();
		view.put("status", state.status().value());
		view.put("statusTimes", times);
		view.put("error", (error != null)
				? List.of(String.valueOf(error.code()), String.valueOf(error.title()), String.valueOf(error.details()))
				: null);
		view.put("pricing", price);
		return view;
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

	/**
	 * A message of the test.
	 *
	 * @param id message id
	 * @param wamid its wamid
	 * @param recipient recipient (E.164 or digits)
	 */
	private record Subject(UUID id, String wamid, String recipient) {

		Subject {
			recipient = recipient.startsWith("+") ? recipient : "+" + recipient;
		}

	}

	/**
	 * A message's delivery state, without its accepted time.
	 *
	 * @param status current status
	 * @param times time of each status reached
	 * @param error failure error, null when none
	 * @param pricing pricing and conversation
	 */
	private record State(MessageStatus status, Map<MessageStatus, Instant> times, StatusError error, Pricing pricing) {

	}

}
