package dev.switchboard.messaging;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.kafka.OutgoingEvent;
import dev.switchboard.events.wa.WaConversation;
import dev.switchboard.events.wa.WaError;
import dev.switchboard.events.wa.WaPricing;
import dev.switchboard.events.wa.WaStatus;
import dev.switchboard.messaging.messages.status.fold.DeliveryState;
import dev.switchboard.messaging.messages.status.fold.MessageStatus;
import dev.switchboard.messaging.messages.status.fold.Pricing;
import dev.switchboard.messaging.messages.status.fold.StatusError;
import dev.switchboard.messaging.messages.status.fold.StatusUpdate;
import dev.switchboard.simulators.SimulatorOptions;

/**
 * The statuses of {@link ShuffledStatusesIT}: the four Meta reports for each message, the
 * events webhook-ingest publishes for them, and what one delivery in order leaves, as a
 * state and as the API shows it.
 */
final class ShuffledStatuses {

	private static final URI INGEST_SOURCE = URI.create("/webhook-ingest/whatsapp");

	private ShuffledStatuses() {
	}

	/**
	 * Copy 1 with webhook-ingest's ids, copy 2 repeating them (the inbox absorbs it),
	 * copy 3 with fresh ids (only the fold absorbs it).
	 */
	static void threeCopies(List<WaStatus> statuses, List<List<OutgoingEvent>> copies) {
		for (WaStatus status : statuses) {
			copies.get(0).add(ingested(status, ingestId(status)));
			copies.get(1).add(ingested(status, ingestId(status)));
			copies.get(2).add(ingested(status, UUID.randomUUID().toString()));
		}
	}

	static List<OutgoingEvent> shuffledCopies(List<List<OutgoingEvent>> copies, Random random) {
		List<OutgoingEvent> shuffled = new ArrayList<>();
		for (List<OutgoingEvent> copy : copies) {
			List<OutgoingEvent> mixed = new ArrayList<>(copy);
			Collections.shuffle(mixed, random);
			shuffled.addAll(mixed);
		}
		return shuffled;
	}

	/** The recipient digits of message {@code i} of a set (distinct from other tests). */
	static String recipient(int set, int i) {
		return String.format(Locale.ROOT, "97250%d%06d", set, i);
	}

	/**
	 * The four statuses Meta reports for message {@code i}, in the order they happened: a
	 * mix of read, delivered, delivered then failed, and failed twice (the earliest
	 * failure's error wins), some reported again later.
	 */
	static List<WaStatus> statuses(int i, Subject subject, Instant base) {
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

	/**
	 * What one delivery in order leaves, computed by the domain fold alone (the accepted
	 * time is left out: the held sends were accepted now).
	 */
	static State expected(int i, Instant base) {
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

	/**
	 * What the API shows of a message's delivery: status, status times (without
	 * accepted), error code, title and details, pricing.
	 */
	@SuppressWarnings("unchecked")
	static Map<String, Object> view(Map<String, Object> message) {
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
	static Map<String, Object> view(State state) {
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
	 * A message of the test.
	 *
	 * @param id message id
	 * @param wamid its wamid
	 * @param recipient recipient (E.164 or digits)
	 */
	record Subject(UUID id, String wamid, String recipient) {

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
	record State(MessageStatus status, Map<MessageStatus, Instant> times, StatusError error, Pricing pricing) {

	}

}
