package dev.switchboard.messaging;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventJson;
import dev.switchboard.events.EventType;
import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.wa.WaConversation;
import dev.switchboard.events.wa.WaError;
import dev.switchboard.events.wa.WaPricing;
import dev.switchboard.events.wa.WaStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.JsonNode;

/**
 * Stands in for webhook-ingest in these tests: receives the simulator's status webhooks
 * and publishes each status to {@code wa.status.v1} for the demo tenant.
 */
final class StatusRelay implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(StatusRelay.class);

	private final EventPublisher publisher;

	private final DisposableServer server;

	private final AtomicLong relayed = new AtomicLong();

	StatusRelay(EventPublisher publisher) {
		this.publisher = publisher;
		this.server = HttpServer.create().host("localhost").port(0).handle(this::receive).bindNow();
	}

	String webhookUrl() {
		return "http://localhost:" + this.server.port() + "/webhooks/whatsapp";
	}

	long relayed() {
		return this.relayed.get();
	}

	private Mono<Void> receive(HttpServerRequest request, HttpServerResponse response) {
		return request.receive()
			.aggregate()
			.asByteArray()
			.publishOn(Schedulers.boundedElastic())
			.flatMap((body) -> Flux.fromIterable(statuses(body))
				.concatMap((status) -> this.publisher.publish(status, "demo:" + status.data().recipientId()))
				.doOnComplete(this.relayed::incrementAndGet)
				.then())
			.then(response.status(200).send())
			.onErrorResume((ex) -> {
				log.warn("Status relay failed", ex);
				return response.status(500).send();
			});
	}

	static List<EventEnvelope<WaStatus>> statuses(byte[] body) {
		JsonNode root = EventJson.mapper().readTree(body);
		List<EventEnvelope<WaStatus>> events = new ArrayList<>();
		for (JsonNode entry : root.path("entry")) {
			for (JsonNode change : entry.path("changes")) {
				JsonNode value = change.path("value");
				String phoneNumberId = value.path("metadata").path("phone_number_id").asString(null);
				for (JsonNode status : value.path("statuses")) {
					events.add(EventEnvelope.of(EventType.WA_STATUS_V1, URI.create("urn:switchboard:webhook-ingest"),
							"demo", status.path("id").asString(), status(entry, phoneNumberId, status)));
				}
			}
		}
		return events;
	}

	private static WaStatus status(JsonNode entry, String phoneNumberId, JsonNode status) {
		JsonNode conversation = status.path("conversation");
		JsonNode pricing = status.path("pricing");
		List<WaError> errors = new ArrayList<>();
		for (JsonNode error : status.path("errors")) {
			errors.add(new WaError(error.path("code").asInt(), error.path("title").asString(null),
					error.path("message").asString(null), error.path("error_data").path("details").asString(null),
					null));
		}
		return new WaStatus(phoneNumberId, entry.path("id").asString(null), null, status.path("id").asString(),
				status.path("status").asString(),
				Instant.ofEpochSecond(Long.parseLong(status.path("timestamp").asString())),
				status.path("recipient_id").asString(null), null,
				status.path("biz_opaque_callback_data").asString(null),
				conversation.isObject() ? new WaConversation(conversation.path("id").asString(null), null,
						conversation.path("origin").path("type").asString(null)) : null,
				pricing.isObject() ? new WaPricing(pricing.path("billable").asBoolean(),
						pricing.path("pricing_model").asString(null), pricing.path("type").asString(null),
						pricing.path("category").asString(null)) : null,
				errors.isEmpty() ? null : errors);
	}

	@Override
	public void close() {
		this.server.disposeNow(Duration.ofSeconds(5));
	}

}
