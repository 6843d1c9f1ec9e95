package dev.switchboard.ingest.whatsapp;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.kafka.OutgoingEvent;
import dev.switchboard.ingest.IngestProperties;
import dev.switchboard.ingest.channels.ChannelDirectory;
import dev.switchboard.ingest.web.ProblemException;
import dev.switchboard.ingest.whatsapp.dedup.DedupClaim;
import dev.switchboard.ingest.whatsapp.dedup.Deduplicator;
import dev.switchboard.ingest.whatsapp.derivation.Derivation;
import dev.switchboard.ingest.whatsapp.derivation.DerivedEvents;
import dev.switchboard.ingest.whatsapp.derivation.DerivedEvents.RoutedEvent;
import dev.switchboard.ingest.whatsapp.derivation.RawArchive;
import dev.switchboard.ingest.whatsapp.metrics.IngestMetrics;
import dev.switchboard.ingest.whatsapp.parsing.MalformedWebhookException;
import dev.switchboard.ingest.whatsapp.parsing.WebhookContent;
import dev.switchboard.ingest.whatsapp.parsing.WebhookParser;
import dev.switchboard.ingest.whatsapp.signature.AppSecrets;
import dev.switchboard.ingest.whatsapp.signature.SignatureCheck;
import dev.switchboard.ingest.whatsapp.signature.SignatureVerifier;
import dev.switchboard.ingest.whatsapp.signature.Signer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Takes one signed WhatsApp webhook body to durable events: checks the signature over the
 * raw bytes against the configured app secrets before parsing anything, archives the body
 * on {@code wa.raw.v1}, then publishes what it derives (typed events of known channels
 * not seen before, parked unrouted changes, rejected parts). The returned Mono completes
 * only once Kafka acknowledged every record; only then are the webhook's dedup claims
 * made final (see {@link DedupClaim}).
 */
@Component
class WhatsAppIngest {

	private static final Logger log = LoggerFactory.getLogger(WhatsAppIngest.class);

	static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	/** Structured log key of the request's correlation id. */
	private static final String CORRELATION_ID = "correlationId";

	private final ChannelDirectory channels;

	private final SignatureVerifier signatures;

	private final AppSecrets appSecrets;

	private final EventPublisher publisher;

	private final Deduplicator deduplicator;

	private final IngestMetrics metrics;

	private final Duration publishTimeout;

	private final boolean archiveFirst;

	WhatsAppIngest(ChannelDirectory channels, SignatureVerifier signatures, EventPublisher publisher,
			Deduplicator deduplicator, IngestMetrics metrics, IngestProperties properties) {
		this.channels = channels;
		this.signatures = signatures;
		this.appSecrets = new AppSecrets(channels, properties);
		this.publisher = publisher;
		this.deduplicator = deduplicator;
		this.metrics = metrics;
		this.publishTimeout = properties.publishTimeout();
		this.archiveFirst = properties.archiveFirst();
	}

	Mono<Void> ingest(byte[] body, String signature, String correlationId) {
		return ingest(body, signature, RawArchive.headers(signature, "application/json", null), correlationId);
	}

	/**
	 * Ingests a body; {@code headers} are archived with it (see
	 * {@link RawArchive#headers}).
	 */
	Mono<Void> ingest(byte[] body, String signature, Map<String, String> headers, String correlationId) {
		return Mono.defer(() -> {
			// HMAC, parsing and mapping are CPU work, fine on the request thread. The
			// signature is checked over the raw bytes first: nothing unsigned is parsed.
			Signer signer = verify(body, signature);
			WebhookContent content = null;
			MalformedWebhookException malformed = null;
			this.metrics.parsed();
			try {
				content = WebhookParser.parse(body);
			}
			catch (MalformedWebhookException ex) {
				malformed = ex;
			}
			long started = System.nanoTime();
			Instant receivedAt = Instant.now();
			OutgoingEvent raw = RawArchive.event(body, headers, content, this.channels, receivedAt, correlationId);
			String rawId = raw.event().id();
			if (content == null) {
				// Answered 200: Meta would otherwise retry a body that can never succeed.
				log.atWarn()
					.addKeyValue(CORRELATION_ID, correlationId)
					.log("Parked a signed WhatsApp webhook of {} bytes as rejected: {}", body.length,
							malformed.getMessage());
				OutgoingEvent rejected = Derivation.rejectedBody(rawId, malformed.code(), malformed.getMessage(), body,
						receivedAt, correlationId);
				String code = malformed.code();
				return publish(List.of(raw)).then(publish(List.of(rejected)))
					.doOnSuccess((done) -> this.metrics.rejected(reason(code)))
					.timeout(this.publishTimeout)
					.onErrorMap((ex) -> unavailable(ex, correlationId));
			}
			DerivedEvents derived = Derivation.derive(content, this.channels, signer, rawId, receivedAt, correlationId);
			if (!derived.refused().isEmpty()) {
				// A channel the body names does not hold the secret that signed it.
				this.metrics.rejected("signer_mismatch");
				log.atWarn()
					.addKeyValue(CORRELATION_ID, correlationId)
					.log("Refused a WhatsApp webhook of {} bytes: {} changes of channels not holding its signing secret",
							body.length, derived.refused().size());
				throw new ProblemException(HttpStatus.UNAUTHORIZED, "INVALID_SIGNATURE",
						"The " + SignatureVerifier.HEADER + " signature is not that of every channel the body names");
			}
			countReceived(derived);
			DedupClaim claim = this.deduplicator.claim(derived.routed());
			Mono<Deduplicator.Outcome> published;
			if (this.archiveFirst) {
				published = Mono.zip(publish(List.of(raw)).thenReturn(Boolean.TRUE), claim.outcome())
					.flatMap((archived) -> publish(derivedRecords(archived.getT2(), derived, null))
						.thenReturn(archived.getT2()));
			}
			else {
				published = claim.outcome()
					.flatMap((outcome) -> publish(derivedRecords(outcome, derived, raw)).thenReturn(outcome));
			}
			return published.timeout(this.publishTimeout)
				.onErrorResume((ex) -> claim.release().then(Mono.error(unavailable(ex, correlationId))))
				.doOnNext((outcome) -> {
					this.metrics.publishLatency(System.nanoTime() - started);
					countPublished(derived, outcome, correlationId);
				})
				// Final only now that Kafka acknowledged: a claim of a failed publish
				// never makes the provider's retry look like a repeat.
				.flatMap(claim::confirm);
		});
	}

	/** The records after the archive: first deliveries, then parked parts. */
	private static List<OutgoingEvent> derivedRecords(Deduplicator.Outcome outcome, DerivedEvents derived,
			OutgoingEvent raw) {
		List<OutgoingEvent> records = new ArrayList<>(outcome.fresh().size() + derived.parked().size() + 1);
		if (raw != null) {
			records.add(raw);
		}
		outcome.fresh().forEach((event) -> records.add(event.outgoing()));
		records.addAll(derived.parked());
		return records;
	}

	/** The secret that signed the raw bytes, or a 401. */
	private Signer verify(byte[] body, String signature) {
		Signer signer = this.signatures.identify(body, signature, this.appSecrets.candidates());
		if (signer.check() == SignatureCheck.MISSING) {
			this.metrics.rejected("missing_signature");
			throw new ProblemException(HttpStatus.UNAUTHORIZED, "MISSING_SIGNATURE",
					"The " + SignatureVerifier.HEADER + " header is missing");
		}
		if (!signer.valid()) {
			this.metrics.rejected("invalid_signature");
			log.warn("Refused a WhatsApp webhook of {} bytes: signature does not match", body.length);
			throw new ProblemException(HttpStatus.UNAUTHORIZED, "INVALID_SIGNATURE",
					"The " + SignatureVerifier.HEADER + " signature does not match the body");
		}
		return signer;
	}

	private void countReceived(DerivedEvents derived) {
		countByKindAndChannel(derived.routed()).forEach((key, count) -> {
			String[] parts = key.split("\\|", 2);
			this.metrics.received(parts[0], parts[1], count);
		});
		derived.unroutedByKind().forEach((kind, count) -> this.metrics.received(kind, IngestMetrics.NO_CHANNEL, count));
	}

	private void countPublished(DerivedEvents derived, Deduplicator.Outcome outcome, String correlationId) {
		countByKindAndChannel(outcome.fresh()).forEach((key, count) -> {
			String[] parts = key.split("\\|", 2);
			this.metrics.accepted(parts[0], parts[1], count);
		});
		countByKindAndChannel(outcome.repeats()).forEach((key, count) -> {
			String[] parts = key.split("\\|", 2);
			this.metrics.duplicates(parts[0], parts[1], count);
		});
		if (!derived.unroutedByKind().isEmpty()) {
			derived.unroutedByKind().forEach(this.metrics::unrouted);
			log.atWarn()
				.addKeyValue(CORRELATION_ID, correlationId)
				.log("Parked WhatsApp items {} of owners no channel is configured for", derived.unroutedByKind());
		}
		if (!derived.rejectedByCode().isEmpty()) {
			derived.rejectedByCode().forEach((code, count) -> this.metrics.rejected(reason(code), count));
			log.atWarn()
				.addKeyValue(CORRELATION_ID, correlationId)
				.log("Parked WhatsApp statuses or messages lacking required parts: {}", derived.rejectedByCode());
		}
	}

	private static Map<String, Integer> countByKindAndChannel(List<RoutedEvent> events) {
		Map<String, Integer> counts = new TreeMap<>();
		events.forEach((event) -> counts.merge(event.kind() + "|" + event.channelId(), 1, Integer::sum));
		return counts;
	}

	/**
	 * Metric tag of a reason code: {@code MISSING_METADATA} → {@code missing_metadata}.
	 */
	private static String reason(String code) {
		return code.toLowerCase(Locale.ROOT);
	}

	private Mono<Void> publish(List<OutgoingEvent> events) {
		return events.isEmpty() ? Mono.empty() : this.publisher.publishAll(events);
	}

	private Throwable unavailable(Throwable ex, String correlationId) {
		if (ex instanceof ProblemException) {
			return ex;
		}
		log.atWarn()
			.addKeyValue(CORRELATION_ID, correlationId)
			.log("Kafka did not acknowledge a WhatsApp webhook's records: {}", ex.toString());
		return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "EVENT_STORE_UNAVAILABLE",
				"Events could not be stored, retry later", RETRY_AFTER, ex);
	}

}
