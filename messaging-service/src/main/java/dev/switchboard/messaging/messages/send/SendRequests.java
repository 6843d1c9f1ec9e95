package dev.switchboard.messaging.messages.send;

import java.util.ArrayList;
import java.util.List;

import dev.switchboard.messaging.web.ApiProblem;
import dev.switchboard.messaging.web.ApiProblem.FieldProblem;

import org.springframework.http.HttpStatus;

/** The rules a send request must meet before anything is stored. */
final class SendRequests {

	/** WhatsApp's limit for the body of a text message. */
	static final int MAX_TEXT_LENGTH = 4096;

	/** Longest accepted {@code Idempotency-Key}. */
	static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;

	private SendRequests() {
	}

	/**
	 * A valid request with its recipient in E.164.
	 * @throws ApiProblem {@code VALIDATION_FAILED} listing every invalid field, or
	 * {@code INVALID_PHONE}
	 */
	static ValidSend validate(SendMessageRequest request, String idempotencyKey) {
		List<FieldProblem> problems = new ArrayList<>();
		if (request == null) {
			throw ApiProblem.validationFailed(List.of(new FieldProblem("body", "must be a JSON object")));
		}
		if (request.to() == null || request.to().isBlank()) {
			problems.add(new FieldProblem("to", "must not be blank"));
		}
		String text = request.text();
		if (text == null || text.isBlank()) {
			problems.add(new FieldProblem("text", "must not be blank"));
		}
		else if (text.codePointCount(0, text.length()) > MAX_TEXT_LENGTH) {
			problems.add(new FieldProblem("text", "must be at most " + MAX_TEXT_LENGTH + " characters"));
		}
		if (request.channelId() != null && request.channelId().isBlank()) {
			problems.add(new FieldProblem("channelId", "must not be blank when present"));
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
		return new ValidSend(to, text, request.channelId(), idempotencyKey);
	}

	/**
	 * A request that passed validation.
	 *
	 * @param to recipient in E.164
	 * @param text the text
	 * @param channelId requested channel, null for the default
	 * @param idempotencyKey the caller's idempotency key, may be null
	 */
	record ValidSend(String to, String text, String channelId, String idempotencyKey) {
	}

}
