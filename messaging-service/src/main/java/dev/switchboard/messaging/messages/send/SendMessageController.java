package dev.switchboard.messaging.messages.send;

import java.net.URI;

import dev.switchboard.messaging.security.Caller;
import dev.switchboard.messaging.web.CorrelationIdFilter;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/** {@code POST /api/v1/messages}: accepts a text message for sending. */
@RestController
class SendMessageController {

	private final MessageAcceptance acceptance;

	SendMessageController(MessageAcceptance acceptance) {
		this.acceptance = acceptance;
	}

	/**
	 * Answers 202 with the message id once the message is stored; sending happens
	 * afterwards. The tenant comes from the internal token only.
	 */
	@PostMapping(path = "/api/v1/messages", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<AcceptedResponse>> send(@RequestBody SendMessageRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
			@AuthenticationPrincipal Jwt token, ServerWebExchange exchange) {
		Caller caller = Caller.of(token);
		String correlationId = CorrelationIdFilter.correlationId(exchange);
		return Mono.fromCallable(() -> SendRequests.validate(request, idempotencyKey))
			.flatMap((send) -> this.acceptance.accept(caller.tenantId(), send, correlationId))
			.map((id) -> ResponseEntity.accepted()
				.location(URI.create("/api/v1/messages/" + id))
				.body(new AcceptedResponse(id.toString(), "accepted")));
	}

	/**
	 * The answer to an accepted send.
	 *
	 * @param id the message id
	 * @param status always {@code accepted}
	 */
	record AcceptedResponse(String id, String status) {
	}

}
