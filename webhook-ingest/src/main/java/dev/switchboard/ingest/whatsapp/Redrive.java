package dev.switchboard.ingest.whatsapp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.CloudEventCodec;
import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.kafka.KafkaSettings;
import dev.switchboard.events.kafka.OutgoingEvent;
import dev.switchboard.events.wa.WaRawWebhook;
import dev.switchboard.events.wa.WaUnroutedChange;
import dev.switchboard.ingest.channels.ChannelDirectory;
import dev.switchboard.ingest.whatsapp.DerivedEvents.RoutedEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

/**
 * Re-derives events from what was archived: every raw webhook of a time range
 * ({@code wa.raw.v1}), or the parked changes of unknown phone numbers
 * ({@code wa.unrouted.v1}) whose channel exists by now. Idempotent: ids derive from
 * content, so republished events carry the ids they had (consumers deduplicate), and
 * re-driving twice changes nothing downstream. Blocking: runs off the event loop.
 */
@Component
class Redrive {

	private static final Logger log = LoggerFactory.getLogger(Redrive.class);

	private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(60);

	private final KafkaSettings settings;

	private final ChannelDirectory channels;

	private final EventPublisher publisher;

	Redrive(KafkaSettings settings, ChannelDirectory channels, EventPublisher publisher) {
		this.settings = settings;
		this.channels = channels;
		this.publisher = publisher;
	}

	/**
	 * Derives every raw webhook received in {@code [from, to)} again and publishes what
	 * it yields (typed events, parked and rejected parts), without deduplication.
	 */
	Report fromRaw(Instant from, Instant to) {
		AtomicLong published = new AtomicLong();
		AtomicLong unreadable = new AtomicLong();
		long records = TopicRange.read(this.settings, Topic.WA_RAW.topicName(), from, to,
				(batch) -> batch.forEach((record) -> {
					List<OutgoingEvent> events = rawEvents(record);
					if (events == null) {
						unreadable.incrementAndGet();
						return;
					}
					publish(events);
					published.addAndGet(events.size());
				}));
		log.info("Re-drove {} raw webhooks of [{}, {}): {} events published, {} unreadable", records, from, to,
				published.get(), unreadable.get());
		return new Report(Topic.WA_RAW.topicName(), from, to, records, published.get(), 0, unreadable.get());
	}

	/**
	 * Routes the changes parked in {@code [from, to)} whose phone number (or WABA) has a
	 * channel by now; the others stay parked.
	 */
	Report fromUnrouted(Instant from, Instant to) {
		AtomicLong published = new AtomicLong();
		AtomicLong stillUnrouted = new AtomicLong();
		AtomicLong unreadable = new AtomicLong();
		long records = TopicRange.read(this.settings, Topic.WA_UNROUTED.topicName(), from, to,
				(batch) -> batch.forEach((record) -> {
					DerivedEvents derived = parkedEvents(record);
					if (derived == null) {
						unreadable.incrementAndGet();
						return;
					}
					if (derived.routed().isEmpty()) {
						stillUnrouted.incrementAndGet();
						return;
					}
					publish(derived.routed().stream().map(RoutedEvent::outgoing).toList());
					published.addAndGet(derived.routed().size());
				}));
		log.info("Re-drove {} parked changes of [{}, {}): {} events published, {} still unrouted, {} unreadable",
				records, from, to, published.get(), stillUnrouted.get(), unreadable.get());
		return new Report(Topic.WA_UNROUTED.topicName(), from, to, records, published.get(), stillUnrouted.get(),
				unreadable.get());
	}

	private List<OutgoingEvent> rawEvents(ConsumerRecord<String, byte[]> record) {
		EventEnvelope<WaRawWebhook> raw;
		try {
			raw = CloudEventCodec.decode(record.headers(), record.value(), WaRawWebhook.class);
		}
		catch (RuntimeException ex) {
			log.warn("Skipped unreadable raw record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
					ex.toString());
			return null;
		}
		WaRawWebhook webhook = raw.data();
		byte[] body = (webhook.body() != null) ? webhook.body().getBytes(StandardCharsets.UTF_8) : new byte[0];
		try {
			WebhookContent content = WebhookParser.parse(body);
			DerivedEvents derived = Derivation.derive(content, this.channels, raw.id(), webhook.receivedAt(),
					raw.correlationId());
			List<OutgoingEvent> events = new ArrayList<>(derived.routed().size() + derived.parked().size());
			derived.routed().forEach((event) -> events.add(event.outgoing()));
			events.addAll(derived.parked());
			return events;
		}
		catch (MalformedWebhookException ex) {
			return List.of(Derivation.rejectedBody(raw.id(), ex.code(), ex.getMessage(), body, webhook.receivedAt(),
					raw.correlationId()));
		}
	}

	private DerivedEvents parkedEvents(ConsumerRecord<String, byte[]> record) {
		try {
			EventEnvelope<WaUnroutedChange> parked = CloudEventCodec.decode(record.headers(), record.value(),
					WaUnroutedChange.class);
			WaUnroutedChange change = parked.data();
			WebhookContent content = WebhookParser.parse(body(change));
			return Derivation.derive(content, this.channels, change.rawEventId(), change.receivedAt(),
					parked.correlationId());
		}
		catch (RuntimeException ex) {
			log.warn("Skipped unreadable parked change {}-{}@{}: {}", record.topic(), record.partition(),
					record.offset(), ex.toString());
			return null;
		}
	}

	/** The change back in a webhook of its own, as Meta would have sent it alone. */
	static byte[] body(WaUnroutedChange change) {
		ObjectNode root = Json.MAPPER.createObjectNode();
		root.put("object", "whatsapp_business_account");
		ObjectNode entry = root.putArray("entry").addObject();
		if (change.wabaId() != null) {
			entry.put("id", change.wabaId());
		}
		if (change.time() != null) {
			entry.put("time", change.time().getEpochSecond());
		}
		ObjectNode item = entry.putArray("changes").addObject();
		if (change.field() != null) {
			item.put("field", change.field());
		}
		JsonNode value = Json.MAPPER.readTree(change.value());
		item.set("value", value);
		return Json.MAPPER.writeValueAsBytes(root);
	}

	private void publish(List<OutgoingEvent> events) {
		if (!events.isEmpty()) {
			this.publisher.publishAll(events).block(PUBLISH_TIMEOUT);
		}
	}

	/**
	 * @param topic the topic read
	 * @param from start of the range (record time, inclusive)
	 * @param to end of the range (exclusive)
	 * @param records records read
	 * @param published events published
	 * @param stillUnrouted parked changes whose channel still does not exist
	 * @param unreadable records skipped because they could not be decoded
	 */
	record Report(String topic, Instant from, Instant to, long records, long published, long stillUnrouted,
			long unreadable) {

	}

}
