package dev.switchboard.messaging.messages.send;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.http.problem.ApiProblem.FieldProblem;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Replies from the inbox through the send path every message takes: the same validation,
 * customer-service window, idempotency key and at-most-once sending. Joins the caller's
 * transaction, so that the reply and its timeline entry are stored together.
 */
@Component
public class AgentReplies {

	private final MessageAcceptance acceptance;

	AgentReplies(MessageAcceptance acceptance) {
		this.acceptance = acceptance;
	}

	/**
	 * Accepts a reply to the contact.
	 * @param message the reply in the send API's shape without {@code to} and
	 * {@code channelId}: {@code text}, or {@code type} and the object of the type
	 * @throws ApiProblem (as the error signal) {@code VALIDATION_FAILED},
	 * {@code OUTSIDE_SERVICE_WINDOW} (free text more than 24 h after the contact wrote),
	 * {@code IDEMPOTENCY_KEY_REUSED}, {@code UNKNOWN_CHANNEL}
	 */
	public Mono<Reply> send(String tenantId, String channelId, String to, Map<String, Object> message,
			String idempotencyKey, String correlationId) {
		return Mono.fromCallable(() -> SendRequests.validate(request(to, channelId, message), idempotencyKey))
			.flatMap((send) -> this.acceptance.accept(tenantId, send, correlationId)
				.map((accepted) -> new Reply(accepted.id(), accepted.status(), accepted.repeat(), send.type(),
						send.text())));
	}

	private static SendMessageRequest request(String to, String channelId, Map<String, Object> message) {
		Object type = message.get("type");
		if (type != null && !(type instanceof String)) {
			throw ApiProblem.validationFailed(List.of(new FieldProblem("type", "must be a string")));
		}
		Object replyTo = message.get("replyTo");
		if (replyTo != null && !(replyTo instanceof String)) {
			throw ApiProblem.validationFailed(List.of(new FieldProblem("replyTo", "must be a wamid")));
		}
		return new SendMessageRequest(to, channelId, (String) type, message.get("text"), object(message, "template"),
				object(message, "image"), object(message, "document"), object(message, "video"),
				object(message, "audio"), object(message, "interactive"), object(message, "reaction"), (String) replyTo,
				null);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> object(Map<String, Object> message, String field) {
		Object value = message.get(field);
		if (value != null && !(value instanceof Map)) {
			throw ApiProblem.validationFailed(List.of(new FieldProblem(field, "must be an object")));
		}
		return (Map<String, Object>) value;
	}

	/**
	 * An accepted reply.
	 *
	 * @param messageId the outbound message ({@code GET /api/v1/messages/{id}})
	 * @param status its status ({@code accepted} when new)
	 * @param repeat whether the idempotency key named an earlier reply
	 * @param type the message type
	 * @param text the text of a text reply, null otherwise
	 */
	public record Reply(UUID messageId, String status, boolean repeat, String type, String text) {
	}

}
