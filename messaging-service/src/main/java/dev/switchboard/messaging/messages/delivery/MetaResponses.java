package dev.switchboard.messaging.messages.delivery;

import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the Graph API's answer to a send: {@code messages[0].id} on success, Meta's
 * {@code error} object otherwise. Meta advises keying on {@code code} and
 * {@code error_data.details}, never on the HTTP status or the title, except for a 502 or
 * 504: a gateway's answer, after which the message may still have gone out.
 */
final class MetaResponses {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Meta's {@code message} is "(#code) title". */
	private static final Pattern CODE_PREFIX = Pattern.compile("^\\(#\\d+\\)\\s*");

	/** A wamid: {@code wamid.} and base64 (standard or URL-safe). */
	private static final Pattern WAMID = Pattern.compile("wamid\\.[A-Za-z0-9+/=_-]{1,500}");

	private MetaResponses() {
	}

	/**
	 * The wamid of an accepted send.
	 * @throws ProviderException when the answer is an error or carries no wamid
	 */
	static String wamid(int httpStatus, byte[] body) {
		JsonNode root = parse(body);
		boolean success = httpStatus >= 200 && httpStatus < 300;
		if (success) {
			String wamid = text(root.path("messages").path(0), "id");
			if (wamid != null && WAMID.matcher(wamid).matches()) {
				return wamid;
			}
			// Accepted, but without a usable id we cannot track it: it may well go out.
			throw new ProviderException(ProviderException.Outcome.UNKNOWN, null,
					(wamid == null) ? "Send answer without a message id" : "Send answer with a malformed message id",
					"HTTP " + httpStatus, null);
		}
		throw refusal(httpStatus, root);
	}

	/**
	 * Checks the answer to a mark-as-read call: {@code {"success":true}}.
	 * @throws ProviderException when the answer is an error or no success
	 */
	static void markedRead(int httpStatus, byte[] body) {
		JsonNode root = parse(body);
		if (httpStatus >= 200 && httpStatus < 300) {
			if (root.path("success").isBoolean() && root.path("success").asBoolean()) {
				return;
			}
			throw new ProviderException(ProviderException.Outcome.UNKNOWN, null, "Read answer without success",
					"HTTP " + httpStatus, null);
		}
		throw refusal(httpStatus, root);
	}

	private static ProviderException refusal(int httpStatus, JsonNode root) {
		if (httpStatus == 502 || httpStatus == 504) {
			// A gateway gave up waiting for the Graph API, which may have taken the
			// message meanwhile, whatever error body the gateway wrote.
			return new ProviderException(ProviderException.Outcome.UNKNOWN, null,
					"Provider answered HTTP " + httpStatus, "A gateway timed out or failed waiting for the Graph API",
					null);
		}
		JsonNode error = root.path("error");
		if (error.isObject()) {
			return metaError(error);
		}
		if (httpStatus >= 500) {
			// Not Meta speaking (a proxy or gateway): the request may have been
			// processed.
			return new ProviderException(ProviderException.Outcome.UNKNOWN, null,
					"Provider answered HTTP " + httpStatus, null, null);
		}
		return ProviderException.rejected(null, "Provider answered HTTP " + httpStatus, null);
	}

	private static ProviderException metaError(JsonNode error) {
		JsonNode code = error.path("code");
		Integer number = code.isNumber() ? Integer.valueOf(code.asInt()) : parseCode(text(error, "code"));
		String title = text(error, "error_user_title");
		if (title == null) {
			String message = text(error, "message");
			title = (message != null) ? CODE_PREFIX.matcher(message).replaceFirst("") : null;
		}
		String details = text(error.path("error_data"), "details");
		if (details == null) {
			details = text(error, "error_user_msg");
		}
		return ProviderException.rejected(number, title, details);
	}

	private static Integer parseCode(String code) {
		if (code == null) {
			return null;
		}
		try {
			return Integer.valueOf(code.trim());
		}
		catch (NumberFormatException ex) {
			return null;
		}
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
		if (value == null || !(value.isString() || value.isNumber())) {
			return null;
		}
		return value.asString();
	}

}
