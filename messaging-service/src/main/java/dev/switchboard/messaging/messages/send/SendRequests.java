package dev.switchboard.messaging.messages.send;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.http.problem.ApiProblem.FieldProblem;

import org.springframework.http.HttpStatus;

/** The rules a send request must meet before anything is stored. */
final class SendRequests {

	/** WhatsApp's limit for the body of a text message. */
	static final int MAX_TEXT_LENGTH = ContentRules.MAX_TEXT;

	/** Longest accepted {@code Idempotency-Key}. */
	static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;

	private SendRequests() {
	}

	/**
	 * A valid request with its recipient in E.164.
	 * @param headerKey the {@code Idempotency-Key} header, wins over the body's key
	 * @throws ApiProblem {@code VALIDATION_FAILED} listing every invalid field, or
	 * {@code INVALID_PHONE}
	 */
	static ValidSend validate(SendMessageRequest request, String headerKey) {
		List<FieldProblem> problems = new ArrayList<>();
		if (request == null) {
			throw ApiProblem.validationFailed(List.of(new FieldProblem("body", "must be a JSON object")));
		}
		String idempotencyKey = (headerKey != null) ? headerKey : request.idempotencyKey();
		if (request.to() == null || request.to().isBlank()) {
			problems.add(new FieldProblem("to", "must not be blank"));
		}
		String type = request.resolvedType();
		Map<String, Object> content = null;
		if (type == null) {
			problems.add(new FieldProblem("type", "must be given (or a text)"));
		}
		else if (!ContentRules.TYPES.contains(type)) {
			problems.add(new FieldProblem("type", "must be one of " + ContentRules.TYPES));
		}
		else if ("text".equals(type)) {
			content = TextContent.of(request.text(), problems);
		}
		else {
			content = request.objectOf(type);
			ContentRules.check(type, content, problems);
		}
		if (request.channelId() != null && request.channelId().isBlank()) {
			problems.add(new FieldProblem("channelId", "must not be blank when present"));
		}
		if (request.replyTo() != null && (request.replyTo().isBlank() || request.replyTo().length() > 255)) {
			problems.add(new FieldProblem("replyTo", "must be a wamid of 1 to 255 characters"));
		}
		if (idempotencyKey != null
				&& (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH)) {
			problems
				.add(new FieldProblem("Idempotency-Key", "must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters"));
		}
		if (!problems.isEmpty()) {
			throw ApiProblem.validationFailed(problems);
		}
		String to = PhoneNumbers.toE164(request.to())
			.orElseThrow(() -> new ApiProblem(HttpStatus.BAD_REQUEST, "INVALID_PHONE",
					"'to' is not a valid phone number in international format (+ and country code)"));
		String text = "text".equals(type) ? (String) content.get("body") : null;
		return new ValidSend(to, request.channelId(), type, text, content, request.replyTo(), idempotencyKey);
	}

	/**
	 * A request that passed validation.
	 *
	 * @param to recipient in E.164
	 * @param channelId requested channel, null for the default
	 * @param type message type
	 * @param text the text of a text message, null otherwise
	 * @param content the Graph API object of the type
	 * @param replyTo wamid replied to, may be null
	 * @param idempotencyKey the caller's idempotency key, may be null
	 */
	record ValidSend(String to, String channelId, String type, String text, Map<String, Object> content, String replyTo,
			String idempotencyKey) {

		/** Free-form messages need an open customer-service window; templates do not. */
		boolean needsServiceWindow() {
			return !"template".equals(this.type);
		}

	}

}
