package dev.switchboard.ingest.orders;

import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.switchboard.http.CorrelationIdFilter;
import dev.switchboard.ingest.IngestProperties;
import dev.switchboard.ingest.web.BodyPermits;
import dev.switchboard.ingest.web.ProblemException;
import dev.switchboard.ingest.web.RawBody;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * Order webhooks from order sources (Vizi first), signed with the Standard Webhooks
 * scheme. Answers 202 once the order is durable in Kafka.
 */
@Tag(name = "Order webhooks", description = "Orders from order sources, taken in once durable in Kafka.")
@RestController
class OrderWebhookController {

	static final String IDEMPOTENCY_KEY = "X-Idempotency-Key";

	/** Longest accepted delivery or idempotency key; they become storage keys. */
	private static final int MAX_KEY_LENGTH = 255;

	private final OrderIngest ingest;

	private final DataSize maxBodySize;

	private final BodyPermits permits;

	OrderWebhookController(OrderIngest ingest, IngestProperties properties, BodyPermits permits) {
		this.permits = permits;
		this.ingest = ingest;
		this.maxBodySize = properties.maxBodySize();
	}

	@Operation(operationId = "receiveOrderWebhook", summary = "Post an order (signed webhook)",
			description = "An order webhook signed with the Standard Webhooks scheme (webhook-id, webhook-timestamp, webhook-signature); 202 once the order is durable in Kafka, 422 listing every field error.")
	@PostMapping("/webhooks/orders/{source}")
	Mono<ResponseEntity<Map<String, Object>>> receive(@PathVariable String source, ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		HttpHeaders headers = request.getHeaders();
		if (!isJson(headers)) {
			return Mono.error(new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE",
					"Content-Type must be application/json"));
		}
		String webhookId = headers.getFirst(StandardWebhooks.ID);
		String idempotencyKey = headers.getFirst(IDEMPOTENCY_KEY);
		if (tooLong(webhookId) || tooLong(idempotencyKey)) {
			return Mono.error(new ProblemException(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", StandardWebhooks.ID
					+ " and " + IDEMPOTENCY_KEY + " are at most " + MAX_KEY_LENGTH + " characters"));
		}
		String correlationId = CorrelationIdFilter.correlationId(exchange);
		return this.permits
			.withPermit(() -> RawBody.read(request, this.maxBodySize)
				.map((body) -> new OrderDelivery(webhookId, headers.getFirst(StandardWebhooks.TIMESTAMP),
						headers.getFirst(StandardWebhooks.SIGNATURE), idempotencyKey, body, correlationId))
				.flatMap((delivery) -> this.ingest.receive(source, delivery)))
			.map((answer) -> ResponseEntity.status(answer.status())
				.contentType(MediaType.APPLICATION_JSON)
				.body(answer.body()));
	}

	/** 422 listing every field error, each as a JSON Pointer and a message. */
	@ExceptionHandler(InvalidOrderException.class)
	ResponseEntity<ProblemDetail> invalidOrder(InvalidOrderException ex, ServerWebExchange exchange) {
		return invalidOrderProblem(ex, exchange);
	}

	static ResponseEntity<ProblemDetail> invalidOrderProblem(InvalidOrderException ex, ServerWebExchange exchange) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, ex.getMessage());
		problem.setTitle("Invalid order");
		problem.setProperty("code", "VALIDATION_FAILED");
		problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
		List<Map<String, String>> errors = ex.violations()
			.stream()
			.map((violation) -> Map.of("pointer", violation.pointer(), "message", violation.message()))
			.toList();
		problem.setProperty("errors", errors);
		return ResponseEntity.unprocessableContent().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	static boolean tooLong(String key) {
		return key != null && key.length() > MAX_KEY_LENGTH;
	}

	static boolean isJson(HttpHeaders headers) {
		try {
			MediaType contentType = headers.getContentType();
			return contentType != null && MediaType.APPLICATION_JSON.equalsTypeAndSubtype(contentType);
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

}
