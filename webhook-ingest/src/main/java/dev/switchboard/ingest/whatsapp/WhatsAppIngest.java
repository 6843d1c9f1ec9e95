package dev.switchboard.ingest.whatsapp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.kafka.OutgoingEvent;
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
 * raw bytes, parses, routes each item (status, inbound message, template, account or
 * unknown change) to its tenant and publishes one event per item. The returned Mono
 * completes only once Kafka acknowledged every event.
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
			List<OutgoingEvent> events = route(content.items(), correlationId);
			if (events.isEmpty()) {
				return Mono.empty();
			}
			return publish(events).doOnSuccess((done) -> countByKind(events).forEach(this.metrics::accepted));
		});
	}

	private void verify(byte[] body, String signature, WebhookContent content) {
		List<ChannelConfig> named = (content != null) ? namedChannels(content) : List.of();
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

	/** The known channels the body names, by phone number or (account changes) WABA. */
	private List<ChannelConfig> namedChannels(WebhookContent content) {
		List<ChannelConfig> named = new ArrayList<>(this.channels.byPhoneNumberIds(content.phoneNumberIds()));
		content.wabaIds()
			.forEach((wabaId) -> this.channels.byWabaId(wabaId)
				.filter((channel) -> !named.contains(channel))
				.ifPresent(named::add));
		return named;
	}

	private void countSkipped(WebhookContent content) {
		if (!content.invalidItems().isEmpty()) {
			content.invalidItems().forEach((reason) -> this.metrics.rejected("invalid_item"));
			log.warn("Dropped {} WhatsApp statuses or messages: {}", content.invalidItems().size(),
					content.invalidItems());
		}
	}

	private List<OutgoingEvent> route(List<WebhookItem> items, String correlationId) {
		List<OutgoingEvent> events = new ArrayList<>(items.size());
		Set<String> unknownOwners = new TreeSet<>();
		Map<String, Integer> unrouted = new TreeMap<>();
		for (WebhookItem item : items) {
			Optional<ChannelConfig> channel = channelOf(item);
			if (channel.isPresent()) {
				events.add(WhatsAppEvents.of(item, channel.get(), correlationId));
			}
			else {
				unrouted.merge(item.kind(), 1, Integer::sum);
				unknownOwners.add((item.phoneNumberId() != null) ? "phone number " + item.phoneNumberId()
						: "WABA " + item.wabaId());
			}
		}
		if (!unrouted.isEmpty()) {
			unrouted.forEach(this.metrics::unrouted);
			log.warn("Dropped WhatsApp items {} of owners no channel is configured for: {}", unrouted, unknownOwners);
		}
		return events;
	}

	/** By phone number when the item names one, else by WABA. */
	private Optional<ChannelConfig> channelOf(WebhookItem item) {
		return (item.phoneNumberId() != null) ? this.channels.byPhoneNumberId(item.phoneNumberId())
				: this.channels.byWabaId(item.wabaId());
	}

	private static Map<String, Integer> countByKind(List<OutgoingEvent> events) {
		Map<String, Integer> counts = new TreeMap<>();
		events.forEach((event) -> counts.merge(WebhookItem.kindOf(event.event().type()), 1, Integer::sum));
		return counts;
	}

	private Mono<Void> publish(List<OutgoingEvent> events) {
		return this.publisher.publishAll(events).timeout(this.publishTimeout).onErrorMap((ex) -> {
			log.warn("Kafka did not acknowledge {} WhatsApp events: {}", events.size(), ex.toString());
			return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "EVENT_STORE_UNAVAILABLE",
					"Events could not be stored, retry later", RETRY_AFTER, ex);
		});
	}

}
