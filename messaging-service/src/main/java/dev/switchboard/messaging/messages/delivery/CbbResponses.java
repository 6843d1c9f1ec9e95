package dev.switchboard.messaging.messages.delivery;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.switchboard.messaging.messages.delivery.MessageProvider.Receipt;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads CBB's answers. CBB answers HTTP 200 with {@code success:false} on errors, so the
 * body decides; a Meta code it passes on ({@code "(#130429) Rate limit hit"}) is kept.
 * <p>
 * CBB stands between us and Meta: a 5xx to a send (its own error, or a 502/504 of a
 * gateway in front of it) may come after it passed the message on, so it leaves the
 * outcome unknown whatever its body says, never a reason to send again. A failure to
 * create a contact is different: nothing was sent yet.
 */
final class CbbResponses {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern META_CODE = Pattern.compile("\\(#(\\d+)\\)\\s*(.*)");

	/** CBB's own message id, kept only when it looks like one. */
	private static final Pattern MESSAGE_ID = Pattern.compile("[A-Za-z0-9._:=+/-]{1,200}");

	private CbbResponses() {
	}

	static Receipt receipt(int httpStatus, byte[] body) {
		JsonNode root = parse(body);
		if (httpStatus >= 500) {
			String error = errorText(root);
			throw new ProviderException(ProviderException.Outcome.UNKNOWN, null, "CBB answered HTTP " + httpStatus,
					(error != null) ? error : "The message may have been passed on to WhatsApp", null);
		}
		boolean answered = httpStatus >= 200 && httpStatus < 300;
		JsonNode success = root.path("success");
		if (answered && success.isBoolean() && success.asBoolean()) {
			JsonNode id = root.get("message_id");
			String messageId = (id != null && (id.isString() || id.isIntegralNumber())) ? id.asString() : null;
			return new Receipt(null, (messageId != null && MESSAGE_ID.matcher(messageId).matches()) ? messageId : null);
		}
		if (answered && !success.isBoolean()) {
			// CBB took the request but its answer says neither yes nor no: it may have
			// sent.
			throw new ProviderException(ProviderException.Outcome.UNKNOWN, null, "Unreadable CBB answer",
					"HTTP " + httpStatus + " without a success flag", null);
		}
		throw failure(httpStatus, root);
	}

	static Boolean created(int httpStatus, byte[] body) {
		if (httpStatus >= 200 && httpStatus < 300) {
			return true;
		}
		throw failure(httpStatus, parse(body));
	}

	private static RuntimeException failure(int httpStatus, JsonNode root) {
		String error = errorText(root);
		if (httpStatus >= 200 && httpStatus < 300 && error != null
				&& error.toLowerCase(Locale.ROOT).contains("contact not found")) {
			return new CbbProvider.ContactMissing();
		}
		if (error != null) {
			Matcher meta = META_CODE.matcher(error);
			if (meta.matches()) {
				return ProviderException.rejected(Integer.valueOf(meta.group(1)), meta.group(2), "CBB: " + error);
			}
		}
		if (httpStatus >= 500 || httpStatus == 429) {
			// CBB refused (429) or could not create a contact: nothing went out, a later
			// attempt may work.
			return ProviderException.rejected(131000, "CBB answered HTTP " + httpStatus, error);
		}
		String title = (error != null) ? error : "CBB answered HTTP " + httpStatus;
		return ProviderException.rejected(null, "CBB refused the message", title);
	}

	private static String errorText(JsonNode root) {
		String error = text(root, "error");
		return (error != null) ? error : text(root, "message");
	}

	private static JsonNode parse(byte[] body) {
		if (body == null || body.length == 0) {
			return JSON.missingNode();
		}
		try {
			return JSON.readTree(body);
		}
		catch (JacksonException ex) {
			return JSON.missingNode();
		}
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString()) ? value.asString() : null;
	}

}
