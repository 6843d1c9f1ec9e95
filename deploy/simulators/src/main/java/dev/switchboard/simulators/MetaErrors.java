package dev.switchboard.simulators;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import tools.jackson.databind.node.ObjectNode;

/** Meta's error codes as the Cloud API reports them: title, details and HTTP status. */
final class MetaErrors {

	static final String ERROR_CODES_HREF = "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/";

	private static final String TRACE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

	private static final Definition UNKNOWN = new Definition("Something went wrong",
			"Message failed to send because of an unknown error. Please try again later.", 500);

	private static final Map<Integer, Definition> DEFINITIONS = Map.ofEntries(
			Map.entry(0, new Definition("AuthException", "We were unable to authenticate the app user.", 401)),
			Map.entry(4,
					new Definition("Application request limit reached", "The app has reached its API call rate limit.",
							429)),
			Map.entry(10,
					new Definition("Permission denied", "Permission is either not granted or has been removed.", 403)),
			Map.entry(100,
					new Definition("Invalid parameter",
							"The request included one or more unsupported or misspelled parameters.", 400)),
			Map.entry(190, new Definition("Access token has expired", "Invalid OAuth access token.", 401)),
			Map.entry(200, new Definition("Permission denied", "Permission is not granted to the app.", 403)),
			Map.entry(368,
					new Definition("Temporarily blocked for policies violations",
							"The WhatsApp Business Account is restricted for policy violations.", 403)),
			Map.entry(80007,
					new Definition("Rate limit issues", "The WhatsApp Business Account has reached its rate limit.",
							429)),
			Map.entry(80008, new Definition("Rate limit issues",
					"There were too many calls to this WhatsApp Business account. Please wait and try again.", 429)),
			Map.entry(130429, new Definition("Rate limit hit", "Cloud API message throughput has been reached.", 429)),
			Map.entry(131000, UNKNOWN),
			Map.entry(131026, new Definition("Message undeliverable",
					"Message failed to send because the recipient is not on WhatsApp or cannot receive it.", 400)),
			Map.entry(131031,
					new Definition("Account has been locked", "The WhatsApp Business Account is locked.", 403)),
			Map.entry(131047, new Definition("Re-engagement message",
					"Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
					400)),
			Map.entry(131048, new Definition("Spam rate limit hit",
					"Message failed to send because there are restrictions on how many messages can be sent from this phone number.",
					429)),
			Map.entry(131049, new Definition("This message was not delivered to maintain healthy ecosystem engagement.",
					"In order to maintain a healthy ecosystem engagement, the message failed to be delivered.", 400)),
			Map.entry(131050, new Definition("User has stopped marketing messages",
					"Unable to deliver the marketing message because the user stopped marketing messages.", 400)),
			Map.entry(131051,
					new Definition("Unsupported message type", "Message type is not currently supported.", 400)),
			Map.entry(131056, new Definition("(Business Account, Consumer Account) pair rate limit hit",
					"Too many messages sent from the sender phone number to the same recipient phone number in a short period of time.",
					429)),
			Map.entry(131057,
					new Definition("Account in maintenance mode", "Business Account is in maintenance mode.", 503)),
			Map.entry(132000,
					new Definition("Number of parameters does not match the expected number of params",
							"The number of variable parameter values does not match the template.", 400)),
			Map.entry(132001, new Definition("Template name does not exist in the translation",
					"The template does not exist in the specified language or has not been approved.", 400)));

	private MetaErrors() {
	}

	/** Meta's HTTP status for an error code (400 for unknown client errors). */
	static int httpStatus(int code) {
		return definition(code).httpStatus();
	}

	static String title(int code) {
		return definition(code).title();
	}

	/**
	 * The Graph API error body, {@code {"error":{...}}}, with the code's usual details.
	 */
	static ObjectNode body(int code) {
		return body(code, definition(code).details());
	}

	/** The Graph API error body with specific details. */
	static ObjectNode body(int code, String details) {
		ObjectNode root = Json.object();
		ObjectNode error = root.putObject("error");
		error.put("message", "(#" + code + ") " + title(code));
		error.put("type", "OAuthException");
		error.put("code", code);
		ObjectNode data = error.putObject("error_data");
		data.put("messaging_product", "whatsapp");
		data.put("details", details);
		error.put("fbtrace_id", fbtraceId());
		return root;
	}

	/** A reply with the error body at Meta's status for the code. */
	static Reply reply(int code) {
		return Reply.json(httpStatus(code), body(code));
	}

	/** A reply with the error body and specific details at Meta's status for the code. */
	static Reply reply(int code, String details) {
		return Reply.json(httpStatus(code), body(code, details));
	}

	/** A reply with the error body at a chosen HTTP status. */
	static Reply reply(int code, int httpStatus) {
		return Reply.json(httpStatus, body(code));
	}

	/** The error code that best explains a bare HTTP status. */
	static int codeForStatus(int httpStatus) {
		return switch (httpStatus) {
			case 401 -> 190;
			case 403 -> 10;
			case 429 -> 130429;
			default -> (httpStatus >= 500) ? 131000 : 100;
		};
	}

	/** One element of {@code statuses[].errors} or {@code value.errors} in a webhook. */
	static ObjectNode webhookError(int code) {
		Definition definition = definition(code);
		ObjectNode error = Json.object();
		error.put("code", code);
		error.put("title", definition.title());
		error.put("message", definition.title());
		error.putObject("error_data").put("details", definition.details());
		error.put("href", ERROR_CODES_HREF);
		return error;
	}

	private static Definition definition(int code) {
		Definition known = DEFINITIONS.get(code);
		if (known != null) {
			return known;
		}
		return new Definition("Error " + code, "Simulated error " + code + ".",
				(code >= 200 && code <= 299) ? 403 : 400);
	}

	private static String fbtraceId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		StringBuilder id = new StringBuilder(23);
		for (int i = 0; i < 23; i++) {
			id.append(TRACE_ALPHABET.charAt(random.nextInt(TRACE_ALPHABET.length())));
		}
		return id.toString();
	}

	/** What Meta says about one code. */
	private record Definition(String title, String details, int httpStatus) {
	}

}
