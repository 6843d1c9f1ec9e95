package dev.switchboard.ingest.orders;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventJson;
import dev.switchboard.events.EventType;
import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.orders.OrderReceived;
import dev.switchboard.events.orders.OrderSourceSchemas;
import dev.switchboard.events.orders.SchemaViolation;
import dev.switchboard.ingest.IngestProperties;
import dev.switchboard.ingest.orders.StandardWebhooks.Check;
import dev.switchboard.ingest.web.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Takes one order webhook to a durable {@code switchboard.orders.received.v1} event:
 * finds the tenant whose secret signed it, answers a repeated delivery like the first,
 * validates the body against the source's schema and publishes it verbatim. The order
 * body is never logged (it carries passport and contact data).
 */
@Component
class OrderIngest {

	private static final Logger log = LoggerFactory.getLogger(OrderIngest.class);

	static final String VIZI = "vizi";

	static final URI SOURCE = URI.create("/webhook-ingest/orders");

	static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	private static final String TEST_ORDER_SUFFIX = "-TEST";

	private static final byte[] WARM_UP_ORDER = ("{\"order\":{\"id\":\"X\",\"branch\":\"IL\",\"amount\":1},"
			+ "\"form\":{\"client\":{\"email\":\"warm-up@example.com\",\"phone\":{\"code\":\"+1\"}},\"quantity\":1}}")
		.getBytes(StandardCharsets.UTF_8);

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private final OrderSources sources;

	private final IdempotencyStore idempotency;

	private final EventPublisher publisher;

	private final OrderMetrics metrics;

	private final Duration publishTimeout;

	OrderIngest(OrderSources sources, IdempotencyStore idempotency, EventPublisher publisher, OrderMetrics metrics,
			IngestProperties properties) {
		this.sources = sources;
		this.idempotency = idempotency;
		this.publisher = publisher;
		this.metrics = metrics;
		this.publishTimeout = properties.publishTimeout();
		// Provider lookup and schema loading read the classpath: once here, at start-up,
		// not on a request thread.
		StandardWebhooks.sign(new byte[] { 1 }, "warm-up", 0, new byte[0]);
		OrderSourceSchemas.validateVizi(WARM_UP_ORDER);
	}

	/** The answer to one delivery; errors are {@link ProblemException}s. */
	Mono<OrderAnswer> receive(String source, OrderDelivery delivery) {
		return Mono.defer(() -> {
			List<OrderSourceConfig> candidates = this.sources.forSource(source);
			if (!VIZI.equals(source) || candidates.isEmpty()) {
				throw new ProblemException(HttpStatus.NOT_FOUND, "NOT_FOUND", "No order source " + source);
			}
			OrderSourceConfig sender = authenticate(source, delivery, candidates);
			String key = delivery.idempotencyKey();
			return this.idempotency.find(sender.tenantId(), source, key)
				.doOnNext((stored) -> this.metrics.duplicate(source))
				.switchIfEmpty(Mono.defer(() -> process(sender, delivery)
					.flatMap((answer) -> this.idempotency.remember(sender.tenantId(), source, key, answer)
						.thenReturn(answer))));
		});
	}

	/**
	 * An order the gateway forwards for the original order system's path: the gateway
	 * authenticated the sender's API key, and the tenant comes from its token alone. Same
	 * idempotency, validation and publication as a signed webhook.
	 */
	Mono<OrderAnswer> receiveForwarded(String tenantId, String source, OrderDelivery delivery) {
		return Mono.defer(() -> {
			OrderSourceConfig sender = new OrderSourceConfig(tenantId, source, List.of());
			String key = delivery.idempotencyKey();
			return this.idempotency.find(tenantId, source, key)
				.doOnNext((stored) -> this.metrics.duplicate(source))
				.switchIfEmpty(Mono.defer(() -> process(sender, delivery)
					.flatMap((answer) -> this.idempotency.remember(tenantId, source, key, answer).thenReturn(answer))));
		});
	}

	private OrderSourceConfig authenticate(String source, OrderDelivery delivery, List<OrderSourceConfig> candidates) {
		Check outcome = Check.INVALID;
		Instant now = Instant.now();
		for (OrderSourceConfig candidate : candidates) {
			outcome = StandardWebhooks.verify(delivery.webhookId(), delivery.timestamp(), delivery.signature(),
					delivery.body(), candidate.signingKeys(), now);
			if (outcome == Check.VALID) {
				return candidate;
			}
			if (outcome != Check.INVALID) {
				break;
			}
		}
		switch (outcome) {
			case MISSING -> {
				this.metrics.rejected(source, "missing_signature");
				throw new ProblemException(HttpStatus.UNAUTHORIZED, "MISSING_SIGNATURE",
						"The webhook-id, webhook-timestamp and webhook-signature headers are required");
			}
			case STALE -> {
				this.metrics.rejected(source, "stale_timestamp");
				throw new ProblemException(HttpStatus.UNAUTHORIZED, "STALE_TIMESTAMP",
						"webhook-timestamp must be Unix seconds within 5 minutes of now");
			}
			default -> {
				this.metrics.rejected(source, "invalid_signature");
				log.warn("Refused a {} order webhook of {} bytes: signature does not match", source,
						delivery.body().length);
				throw new ProblemException(HttpStatus.UNAUTHORIZED, "INVALID_SIGNATURE",
						"No webhook-signature entry matches the body");
			}
		}
	}

	private Mono<OrderAnswer> process(OrderSourceConfig sender, OrderDelivery delivery) {
		String source = sender.source();
		JsonNode body;
		try {
			body = EventJson.mapper().readTree(delivery.body());
		}
		catch (JacksonException ex) {
			this.metrics.rejected(source, "invalid_order");
			return Mono.error(new InvalidOrderException(
					List.of(new SchemaViolation("", "not valid JSON: " + ex.getOriginalMessage()))));
		}
		List<SchemaViolation> violations = OrderSourceSchemas.validateVizi(body);
		if (!violations.isEmpty()) {
			this.metrics.rejected(source, "invalid_order");
			return Mono.error(new InvalidOrderException(violations));
		}
		String orderId = body.path("order").path("id").asString();
		if (orderId.endsWith(TEST_ORDER_SUFFIX)) {
			this.metrics.skipped(source);
			return Mono.just(OrderAnswer.skipped(orderId));
		}
		String branch = body.path("order").path("branch").asString().toLowerCase(Locale.ROOT);
		OrderReceived order = new OrderReceived(source, orderId, branch, Instant.now(), delivery.webhookId(),
				EventJson.mapper().convertValue(body, MAP));
		String tenantId = sender.tenantId();
		EventEnvelope<OrderReceived> event = new EventEnvelope<>(eventId(tenantId, source, delivery),
				EventType.ORDER_RECEIVED_V1, SOURCE, order.receivedAt(), orderId, tenantId, delivery.correlationId(),
				null, order);
		return this.publisher.publish(event, tenantId + ":" + orderId).timeout(this.publishTimeout).onErrorMap((ex) -> {
			log.warn("Kafka did not acknowledge {} order {} of tenant {}: {}", source, orderId, tenantId,
					ex.toString());
			return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "EVENT_STORE_UNAVAILABLE",
					"The order could not be stored, retry later", RETRY_AFTER, ex);
		}).then(Mono.fromSupplier(() -> {
			this.metrics.accepted(source);
			return OrderAnswer.accepted(orderId);
		}));
	}

	/**
	 * Name-based on the delivery's idempotency key: a delivery published twice (Redis
	 * down, concurrent retries) yields the same event id, which consumers deduplicate.
	 */
	private static String eventId(String tenantId, String source, OrderDelivery delivery) {
		String name = EventType.ORDER_RECEIVED_V1.type() + ":" + tenantId + ":" + source + ":"
				+ delivery.idempotencyKey();
		return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
	}

}
