package dev.switchboard.ingest.whatsapp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.kafka.OutgoingEvent;
import dev.switchboard.events.wa.WaStatus;
import dev.switchboard.ingest.IngestProperties;
import dev.switchboard.ingest.channels.ChannelConfig;
import dev.switchboard.ingest.channels.ChannelDirectory;
import dev.switchboard.ingest.web.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Takes one signed WhatsApp webhook body to durable events: checks the signature over the
 * raw bytes, parses, routes each status to its tenant and publishes one event per status.
 * The returned Mono completes only once Kafka acknowledged every event.
 */
@Component
class WhatsAppIngest {

	private static final Logger log = LoggerFactory.getLogger(WhatsAppIngest.class);

	static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	private final ChannelDirectory channels;

	private final SignatureVerifier signatures;

	private final EventPublisher publisher;

	private final IngestMetrics metrics;

	private final Duration publishTimeout;

	WhatsAppIngest(ChannelDirectory channels, SignatureVerifier signatures, EventPublisher publisher,
			IngestMetrics metrics, IngestProperties properties) {
		this.channels = channels;
		this.signatures = signatures;
		this.publisher = publisher;
		this.metrics = metrics;
		this.publishTimeout = properties.publishTimeout();
	}

	Mono<Void> ingest(byte[] body, String signature, String correlationId) {
		return Mono.defer(() -> {
			// Parsing, HMAC and mapping are CPU work, fine on the request thread.
			WebhookContent content;
			String malformed = null;
			try {
				content = WebhookParser.parse(body);
			}
			catch (MalformedWebhookException ex) {
				content = null;
				malformed = ex.getMessage();
			}
			verify(body, signature, content);
			if (content == null) {
				// Answered 200: Meta would otherwise retry a body that can never succeed.
				this.metrics.rejected("malformed");
				log.warn("Dropped a signed WhatsApp webhook of {} bytes: {}", body.length, malformed);
				return Mono.empty();
			}
			countSkipped(content);
			List<OutgoingEvent> events = route(content.statuses(), correlationId);
			if (events.isEmpty()) {
				return Mono.empty();
			}
			return publish(events).doOnSuccess((done) -> this.metrics.accepted(events.size()));
		});
	}

	private void verify(byte[] body, String signature, WebhookContent content) {
		List<ChannelConfig> named = (content != null) ? this.channels.byPhoneNumberIds(content.phoneNumberIds())
				: List.of();
		// Each named channel must have signed it; a body naming no known channel may
		// carry
		// any configured secret (it is dropped afterwards).
		List<List<String>> signers = named.isEmpty()
				? List.of(this.channels.all().stream().flatMap((channel) -> channel.appSecrets().stream()).toList())
				: named.stream().map(ChannelConfig::appSecrets).toList();
		SignatureCheck check = this.signatures.verifyAll(body, signature, signers);
		if (check == SignatureCheck.MISSING) {
			this.metrics.rejected("missing_signature");
			throw new ProblemException(HttpStatus.UNAUTHORIZED, "MISSING_SIGNATURE",
					"The " + SignatureVerifier.HEADER + " header is missing");
		}
		if (check != SignatureCheck.VALID) {
			this.metrics.rejected("invalid_signature");
			log.warn("Refused a WhatsApp webhook of {} bytes: signature does not match", body.length);
			throw new ProblemException(HttpStatus.UNAUTHORIZED, "INVALID_SIGNATURE",
					"The " + SignatureVerifier.HEADER + " signature does not match the body");
		}
	}

	private void countSkipped(WebhookContent content) {
		content.deferred().forEach(this.metrics::deferred);
		if (!content.invalidStatuses().isEmpty()) {
			content.invalidStatuses().forEach((reason) -> this.metrics.rejected("invalid_status"));
			log.warn("Dropped {} WhatsApp statuses: {}", content.invalidStatuses().size(), content.invalidStatuses());
		}
	}

	private List<OutgoingEvent> route(List<WaStatus> statuses, String correlationId) {
		List<OutgoingEvent> events = new ArrayList<>(statuses.size());
		Set<String> unknownNumbers = new TreeSet<>();
		int unrouted = 0;
		for (WaStatus status : statuses) {
			Optional<ChannelConfig> channel = this.channels.byPhoneNumberId(status.phoneNumberId());
			if (channel.isPresent()) {
				events.add(StatusEvents.of(status, channel.get(), correlationId));
			}
			else {
				unrouted++;
				unknownNumbers.add(status.phoneNumberId());
			}
		}
		if (unrouted > 0) {
			this.metrics.unrouted(unrouted);
			log.warn("Dropped {} WhatsApp statuses for phone number ids no channel owns: {}", unrouted, unknownNumbers);
		}
		return events;
	}

	private Mono<Void> publish(List<OutgoingEvent> events) {
		return this.publisher.publishAll(events).timeout(this.publishTimeout).onErrorMap((ex) -> {
			log.warn("Kafka did not acknowledge {} WhatsApp status events: {}", events.size(), ex.toString());
			return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "EVENT_STORE_UNAVAILABLE",
					"Events could not be stored, retry later", RETRY_AFTER, ex);
		});
	}

}
