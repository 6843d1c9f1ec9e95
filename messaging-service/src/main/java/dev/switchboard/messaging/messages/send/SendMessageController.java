package dev.switchboard.messaging.messages.send;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.switchboard.http.CorrelationIdFilter;
import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.http.problem.ApiProblem.FieldProblem;
import dev.switchboard.http.security.Caller;
import dev.switchboard.messaging.messages.send.MessageAcceptance.Outcome;
import dev.switchboard.messaging.messages.send.SendRequests.ValidSend;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
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

/**
 * {@code POST /api/v1/messages} and {@code POST /api/v1/messages/batch}: accept messages
 * for sending.
 */
@Tag(name = "Messages", description = "Messages of the caller's tenant: sending, reading and listing them.")
@RestController
class SendMessageController {

	/** Most messages in one batch. */
	static final int MAX_BATCH = 1000;

	private final MessageAcceptance acceptance;

	SendMessageController(MessageAcceptance acceptance) {
		this.acceptance = acceptance;
	}

	/**
	 * Answers 202 with the message id once the message is stored; sending happens
	 * afterwards. The tenant comes from the internal token only.
	 */
	@Operation(operationId = "sendMessage", summary = "Send a message",
			description = "Accepts one message for sending and answers 202 with its id once it is stored; sending happens afterwards. An Idempotency-Key header makes a repeated request answer the first message.")
	@PostMapping(path = "/api/v1/messages", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<AcceptedResponse>> send(@RequestBody SendMessageRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
			@AuthenticationPrincipal Jwt token, ServerWebExchange exchange) {
		Caller caller = Caller.of(token);
		String correlationId = CorrelationIdFilter.correlationId(exchange);
		return Mono.fromCallable(() -> SendRequests.validate(request, idempotencyKey))
			.flatMap((send) -> this.acceptance.accept(caller.tenantId(), send, correlationId))
			.map((accepted) -> ResponseEntity.accepted()
				.location(URI.create("/api/v1/messages/" + accepted.id()))
				.body(new AcceptedResponse(accepted.id().toString(), accepted.status())));
	}

	/**
	 * Up to 1,000 messages; each is validated on its own and the valid ones without an
	 * idempotency key are stored together. The answer lists every item's outcome in
	 * request order.
	 */
	@Operation(operationId = "sendMessages", summary = "Send a batch of messages",
			description = "Up to 1,000 messages, each validated on its own; the answer lists every item's outcome in request order.")
	@PostMapping(path = "/api/v1/messages/batch", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<BatchResponse>> batch(@RequestBody BatchRequest request, @AuthenticationPrincipal Jwt token,
			ServerWebExchange exchange) {
		if (request == null || request.messages() == null || request.messages().isEmpty()
				|| request.messages().size() > MAX_BATCH) {
			return Mono.error(ApiProblem
				.validationFailed(List.of(new FieldProblem("messages", "must hold 1 to " + MAX_BATCH + " messages"))));
		}
		Caller caller = Caller.of(token);
		String correlationId = CorrelationIdFilter.correlationId(exchange);
		List<SendMessageRequest> items = request.messages();
		List<BatchItem> invalid = new ArrayList<>(Collections.nCopies(items.size(), null));
		List<ValidSend> valid = new ArrayList<>();
		List<Integer> validIndexes = new ArrayList<>();
		for (int index = 0; index < items.size(); index++) {
			try {
				valid.add(SendRequests.validate(items.get(index), null));
				validIndexes.add(index);
			}
			catch (ApiProblem problem) {
				invalid.set(index, BatchItem.refused(index, problem));
			}
		}
		return this.acceptance.acceptAll(caller.tenantId(), valid, correlationId).map((outcomes) -> {
			List<BatchItem> results = new ArrayList<>(invalid);
			for (int i = 0; i < outcomes.size(); i++) {
				int index = validIndexes.get(i);
				Outcome outcome = outcomes.get(i);
				results.set(index, (outcome.accepted() != null)
						? BatchItem.accepted(index, outcome.accepted().id().toString(), outcome.accepted().status())
						: BatchItem.refused(index, outcome.refused()));
			}
			long accepted = results.stream().filter((item) -> item.id() != null).count();
			return ResponseEntity.accepted()
				.body(new BatchResponse((int) accepted, results.size() - (int) accepted, results));
		});
	}

	/**
	 * The answer to an accepted send.
	 *
	 * @param id the message id
	 * @param status {@code accepted}, or the current status of the message a repeated key
	 * names
	 */
	record AcceptedResponse(String id, String status) {
	}

	/**
	 * A batch of messages.
	 *
	 * @param messages 1 to 1,000 send requests (each may carry its own
	 * {@code idempotencyKey})
	 */
	record BatchRequest(List<SendMessageRequest> messages) {
	}

	/**
	 * The outcome of a batch.
	 *
	 * @param accepted how many were accepted
	 * @param refused how many were refused
	 * @param results one entry per request item, in order
	 */
	record BatchResponse(int accepted, int refused, List<BatchItem> results) {
	}

	/**
	 * One item's outcome: an id and status, or a problem code.
	 *
	 * @param index position in the request
	 * @param id message id when accepted
	 * @param status message status when accepted
	 * @param code problem code when refused
	 * @param detail problem detail when refused
	 * @param errors invalid fields when refused for validation
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record BatchItem(int index, String id, String status, String code, String detail, Object errors) {

		static BatchItem accepted(int index, String id, String status) {
			return new BatchItem(index, id, status, null, null, null);
		}

		static BatchItem refused(int index, ApiProblem problem) {
			Map<String, Object> properties = problem.properties();
			return new BatchItem(index, null, null, problem.code(), problem.getMessage(), properties.get("errors"));
		}

	}

}
