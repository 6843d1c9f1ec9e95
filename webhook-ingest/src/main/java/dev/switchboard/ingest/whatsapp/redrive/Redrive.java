package dev.switchboard.ingest.whatsapp.redrive;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.CloudEventCodec;
import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.kafka.KafkaSettings;
import dev.switchboard.events.kafka.OutgoingEvent;
import dev.switchboard.events.kafka.TopicRange;
import dev.switchboard.events.wa.WaRawWebhook;
import dev.switchboard.events.wa.WaUnroutedChange;
import dev.switchboard.ingest.IngestProperties;
import dev.switchboard.ingest.channels.ChannelDirectory;
import dev.switchboard.ingest.whatsapp.derivation.Derivation;
import dev.switchboard.ingest.whatsapp.derivation.DerivedEvents;
import dev.switchboard.ingest.whatsapp.derivation.DerivedEvents.RoutedEvent;
import dev.switchboard.ingest.whatsapp.derivation.RawArchive;
import dev.switchboard.ingest.whatsapp.mapping.Json;
import dev.switchboard.ingest.whatsapp.parsing.MalformedWebhookException;
import dev.switchboard.ingest.whatsapp.parsing.WebhookContent;
import dev.switchboard.ingest.whatsapp.parsing.WebhookParser;
import dev.switchboard.ingest.whatsapp.signature.AppSecrets;
import dev.switchboard.ingest.whatsapp.signature.SignatureCheck;
import dev.switchboard.ingest.whatsapp.signature.SignatureVerifier;
import dev.switchboard.ingest.whatsapp.signature.Signer;
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

	/** Names the topic reader in its Kafka client id. */
	private static final String READER = "redrive";

	private final KafkaSettings settings;

	private final ChannelDirectory channels;

	private final EventPublisher publisher;

	private final SignatureVerifier signatures;

	private final AppSecrets appSecrets;

	Redrive(KafkaSettings settings, ChannelDirectory channels, EventPublisher publisher, SignatureVerifier signatures,
			IngestProperties properties) {
		this.settings = settings;
		this.channels = channels;
		this.publisher = publisher;
		this.signatures = signatures;
		this.appSecrets = new AppSecrets(channels, properties);
	}

	/**
	 * Derives every raw webhook received in {@code [from, to)} again and publishes what
	 * it yields (typed events, parked and rejected parts), without deduplication. Each
	 * body is verified again against its archived signature and the secrets configured
	 * now, and each change routed only to a channel holding the secret that signed it;
	 * the rest goes to {@code wa.rejected.v1} with the reason.
	 */
	Report fromRaw(Instant from, Instant to) {
		AtomicLong published = new AtomicLong();
		AtomicLong rejected = new AtomicLong();
		AtomicLong unreadable = new AtomicLong();
		long records = TopicRange.read(this.settings, READER, Topic.WA_RAW.topicName(), from, to,
				(batch) -> batch.forEach((record) -> {
					DerivedEvents derived = rawEvents(record);
					if (derived == null) {
						unreadable.incrementAndGet();
						return;
					}
					List<OutgoingEvent> events = new ArrayList<>(derived.routed().size() + derived.parked().size());
					derived.routed().forEach((event) -> events.add(event.outgoing()));
					events.addAll(derived.parked());
					events.addAll(derived.refused());
					publish(events);
					published.addAndGet(events.size() - derived.refused().size());
					rejected.addAndGet(derived.refused().size());
				}));
		log.info("Re-drove {} raw webhooks of [{}, {}): {} events published, {} refused, {} unreadable", records, from,
				to, published.get(), rejected.get(), unreadable.get());
		return new Report(Topic.WA_RAW.topicName(), from, to, records, published.get(), 0, rejected.get(),
				unreadable.get());
	}

	/**
	 * Routes the changes parked in {@code [from, to)} whose phone number (or WABA) has a
	 * channel by now, if that channel holds the app secret the change's webhook was
	 * signed with (its recorded fingerprint); a change of a channel that does not goes to
	 * {@code wa.rejected.v1} ({@code SIGNER_MISMATCH}, or {@code SIGNER_UNKNOWN} when
	 * parked without a fingerprint). The others stay parked.
	 */
	Report fromUnrouted(Instant from, Instant to) {
		AtomicLong published = new AtomicLong();
		AtomicLong stillUnrouted = new AtomicLong();
		AtomicLong rejected = new AtomicLong();
		AtomicLong unreadable = new AtomicLong();
		long records = TopicRange.read(this.settings, READER, Topic.WA_UNROUTED.topicName(), from, to,
				(batch) -> batch.forEach((record) -> {
					DerivedEvents derived = parkedEvents(record);
					if (derived == null) {
						unreadable.incrementAndGet();
						return;
					}
					if (!derived.refused().isEmpty()) {
						publish(derived.refused());
						rejected.addAndGet(derived.refused().size());
						return;
					}
					if (derived.routed().isEmpty()) {
						stillUnrouted.incrementAndGet();
						return;
					}
					publish(derived.routed().stream().map(RoutedEvent::outgoing).toList());
					published.addAndGet(derived.routed().size());
				}));
		log.info(
				"Re-drove {} parked changes of [{}, {}): {} events published, {} still unrouted, {} refused, "
						+ "{} unreadable",
				records, from, to, published.get(), stillUnrouted.get(), rejected.get(), unreadable.get());
		return new Report(Topic.WA_UNROUTED.topicName(), from, to, records, published.get(), stillUnrouted.get(),
				rejected.get(), unreadable.get());
	}

	/**
	 * What a raw webhook yields now; a body whose archived signature no configured secret
	 * produces yields only its refusal.
	 */
	private DerivedEvents rawEvents(ConsumerRecord<String, byte[]> record) {
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
		Signer signer = this.signatures.identify(body, webhook.headers().get(RawArchive.SIGNATURE_HEADER),
				this.appSecrets.candidates());
		if (!signer.valid()) {
			String code = (signer.check() == SignatureCheck.MISSING) ? "MISSING_SIGNATURE" : "INVALID_SIGNATURE";
			return refusedOnly(
					Derivation.rejectedBody(raw.id(), code, "no configured app secret produces the archived signature",
							body, webhook.receivedAt(), raw.correlationId()));
		}
		try {
			WebhookContent content = WebhookParser.parse(body);
			return Derivation.derive(content, this.channels, signer, raw.id(), webhook.receivedAt(),
					raw.correlationId());
		}
		catch (MalformedWebhookException ex) {
			OutgoingEvent rejected = Derivation.rejectedBody(raw.id(), ex.code(), ex.getMessage(), body,
					webhook.receivedAt(), raw.correlationId());
			return new DerivedEvents(List.of(), List.of(rejected), Map.of(), Map.of(), List.of());
		}
	}

	private static DerivedEvents refusedOnly(OutgoingEvent refusal) {
		return new DerivedEvents(List.of(), List.of(), Map.of(), Map.of(), List.of(refusal));
	}

	private DerivedEvents parkedEvents(ConsumerRecord<String, byte[]> record) {
		try {
			EventEnvelope<WaUnroutedChange> parked = CloudEventCodec.decode(record.headers(), record.value(),
					WaUnroutedChange.class);
			WaUnroutedChange change = parked.data();
			WebhookContent content = WebhookParser.parse(body(change));
			return Derivation.derive(content, this.channels, Signer.ofFingerprint(change.signer()), change.rawEventId(),
					change.receivedAt(), parked.correlationId());
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
	 * @param rejected bodies or changes refused because no channel holding the secret
	 * that signed them owns them (published to {@code wa.rejected.v1})
	 * @param unreadable records skipped because they could not be decoded
	 */
	record Report(String topic, Instant from, Instant to, long records, long published, long stillUnrouted,
			long rejected, long unreadable) {

	}

}
