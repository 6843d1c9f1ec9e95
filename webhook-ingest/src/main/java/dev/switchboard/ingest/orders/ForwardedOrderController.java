package dev.switchboard.ingest.orders;

import java.util.Map;

import dev.switchboard.http.CorrelationIdFilter;
import dev.switchboard.http.security.InternalTokens;
import dev.switchboard.ingest.IngestProperties;
import dev.switchboard.ingest.web.BodyPermits;
import dev.switchboard.ingest.web.ProblemException;
import dev.switchboard.ingest.web.RawBody;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * The original order system's path, {@code POST /api/v1/webhooks/vizi/orders}: senders
 * configured for it keep their API key, which the gateway authenticates (scope
 * {@code webhook:vizi}) before forwarding here with its internal token. The tenant comes
 * from that token only. Same handler as the signed webhook: idempotency by
 * {@code X-Idempotency-Key}, 422 per field, 202 once durable.
 */
@Tag(name = "Order webhooks", description = "Orders from order sources, taken in once durable in Kafka.")
@RestController
class ForwardedOrderController {

	private final OrderIngest ingest;

	private final DataSize maxBodySize;

	private final BodyPermits permits;

	ForwardedOrderController(OrderIngest ingest, IngestProperties properties, BodyPermits permits) {
		this.permits = permits;
		this.ingest = ingest;
		this.maxBodySize = properties.maxBodySize();
	}

	/** 422 listing every field error, as on the signed webhook. */
	@ExceptionHandler(InvalidOrderException.class)
	ResponseEntity<ProblemDetail> invalidOrder(InvalidOrderException ex, ServerWebExchange exchange) {
		return OrderWebhookController.invalidOrderProblem(ex, exchange);
	}

	@Operation(operationId = "receiveForwardedOrder", summary = "Post an order (API key)",
			description = "The original order system's path: the gateway authenticates the API key (scope webhook:vizi) and the tenant comes from it. Idempotent by X-Idempotency-Key, 422 per field, 202 once durable.")
	@PostMapping("/api/v1/webhooks/vizi/orders")
	Mono<ResponseEntity<Map<String, Object>>> receive(@AuthenticationPrincipal Jwt token, ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		HttpHeaders headers = request.getHeaders();
		if (!OrderWebhookController.isJson(headers)) {
			return Mono.error(new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE",
					"Content-Type must be application/json"));
		}
		String idempotencyKey = headers.getFirst(OrderWebhookController.IDEMPOTENCY_KEY);
		if (OrderWebhookController.tooLong(idempotencyKey)) {
			return Mono.error(new ProblemException(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED",
					OrderWebhookController.IDEMPOTENCY_KEY + " is too long"));
		}
		String tenantId = token.getClaimAsString(InternalTokens.TENANT_ID);
		// Without an idempotency key every delivery is new, as in the original system.
		String deliveryId = exchange.getResponse().getHeaders().getFirst(CorrelationIdFilter.REQUEST_ID);
		String correlationId = CorrelationIdFilter.correlationId(exchange);
		return this.permits
			.withPermit(() -> RawBody.read(request, this.maxBodySize)
				.map((body) -> new OrderDelivery(deliveryId, null, null, idempotencyKey, body, correlationId))
				.flatMap((delivery) -> this.ingest.receiveForwarded(tenantId, OrderIngest.VIZI, delivery)))
			.map((answer) -> ResponseEntity.status(answer.status())
				.contentType(MediaType.APPLICATION_JSON)
				.body(answer.body()));
	}

}
