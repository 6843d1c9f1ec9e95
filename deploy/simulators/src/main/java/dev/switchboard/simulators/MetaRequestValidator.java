package dev.switchboard.simulators;

import java.util.Optional;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/** Checks a send body about as far as Meta does before accepting it. */
final class MetaRequestValidator {

	private static final Set<String> TYPES = Set.of("text", "template", "image", "video", "audio", "document",
			"sticker", "location", "contacts", "interactive", "reaction");

	private MetaRequestValidator() {
	}

	/** The type Meta assumes: {@code text} when the body names none. */
	static String type(JsonNode body) {
		return Json.text(body, "type", "text");
	}

	/**
	 * Meta's {@code error_data.details} for the first problem, empty when the body is
	 * fine.
	 */
	static Optional<String> problem(JsonNode body) {
		if (!body.isObject()) {
			return Optional.of("The request body must be a JSON object");
		}
		if (!"whatsapp".equals(Json.text(body, "messaging_product"))) {
			return Optional.of("The parameter messaging_product is required and must be whatsapp.");
		}
		String to = Json.text(body, "to");
		if (to == null || Phones.digits(to).isEmpty()) {
			return Optional.of("The parameter to is required.");
		}
		String type = type(body);
		if (!TYPES.contains(type)) {
			return Optional.of("Param type must be one of " + String.join(", ", TYPES.stream().sorted().toList()));
		}
		JsonNode payload = body.get(type);
		if (payload == null || !(payload.isObject() || payload.isArray())) {
			return Optional.of("The parameter " + type + " is required.");
		}
		return typeProblem(type, payload);
	}

	/**
	 * Meta's {@code error_data.details} for a mark-as-read body
	 * ({@code messaging_product}, {@code status} {@code read}, a {@code message_id}),
	 * empty when it is fine.
	 */
	static Optional<String> readProblem(JsonNode body) {
		if (!"whatsapp".equals(Json.text(body, "messaging_product"))) {
			return Optional.of("The parameter messaging_product is required and must be whatsapp.");
		}
		if (!"read".equals(Json.text(body, "status"))) {
			return Optional.of("Param status must be read.");
		}
		String messageId = Json.text(body, "message_id");
		if (messageId == null || messageId.isBlank()) {
			return Optional.of("The parameter message_id is required.");
		}
		return Optional.empty();
	}

	private static Optional<String> typeProblem(String type, JsonNode payload) {
		switch (type) {
			case "text" -> {
				String text = Json.text(payload, "body");
				if (text == null || text.isBlank()) {
					return Optional.of("Param text['body'] is required.");
				}
			}
			case "template" -> {
				if (Json.text(payload, "name") == null) {
					return Optional.of("Param template['name'] is required.");
				}
				if (Json.text(payload.path("language"), "code") == null) {
					return Optional.of("Param template['language']['code'] is required.");
				}
			}
			case "image", "video", "audio", "document", "sticker" -> {
				if (Json.text(payload, "id") == null && Json.text(payload, "link") == null) {
					return Optional.of("Param " + type + " must contain either id or link.");
				}
			}
			case "interactive" -> {
				if (Json.text(payload, "type") == null) {
					return Optional.of("Param interactive['type'] is required.");
				}
			}
			default -> {
				return Optional.empty();
			}
		}
		return Optional.empty();
	}

}
