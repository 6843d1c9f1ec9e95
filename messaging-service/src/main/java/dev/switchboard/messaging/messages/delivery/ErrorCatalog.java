package dev.switchboard.messaging.messages.delivery;

import java.util.Map;
import java.util.Set;

/**
 * What a provider error code means for the message: transient errors are retried with
 * backoff, anything else fails the message at once with an actionable hint. Meta advises
 * keying on the code, never on the HTTP status or the title.
 */
public final class ErrorCatalog {

	/** Throughput of the business number exceeded: back off the whole number. */
	static final int THROUGHPUT = 130429;

	/** Pair rate limit: the same recipient too fast. */
	static final int PAIR_RATE = 131056;

	private static final Set<Integer> TRANSIENT = Set.of(1, 2, 4, 80007, THROUGHPUT, PAIR_RATE, 131000, 131016, 131048,
			131057, 133004);

	private static final Map<Integer, String> HINTS = Map.ofEntries(
			Map.entry(131026,
					"The recipient cannot receive this message (not on WhatsApp, old app or terms not "
							+ "accepted): check the number or reach them another way."),
			Map.entry(131047, "More than 24 hours passed since the customer last wrote: send an approved template."),
			Map.entry(131051, "This message type is not supported: send another type."),
			Map.entry(131049, "Meta held back this marketing message for engagement: wait at least 24 h."),
			Map.entry(131050, "The customer stopped marketing messages: do not send them marketing."),
			Map.entry(131052, "The media could not be downloaded: check the link or media id."),
			Map.entry(131053, "The media could not be uploaded: check its type and size."),
			Map.entry(132000, "The template's parameter count does not match: send exactly the template's variables."),
			Map.entry(132001, "No template with that name in that language: check the name and language code."),
			Map.entry(132005, "The filled-in template text is too long: shorten the parameters."),
			Map.entry(132007, "The template breaks a format policy: review its content."),
			Map.entry(132012, "A template parameter has the wrong format: match the template's parameter types."),
			Map.entry(132015, "The template is paused for low quality: improve or replace it."),
			Map.entry(132016, "The template is disabled: use another template."),
			Map.entry(100, "Meta refused a parameter of the request: check the message content."),
			Map.entry(190, "The channel's access token is invalid or expired: renew it."),
			Map.entry(131031, "The WhatsApp Business account is locked: contact Meta support."),
			Map.entry(368, "The account is blocked for policy violations: check Business Support."));

	private ErrorCatalog() {
	}

	/** Whether a retry later may succeed. */
	static boolean isTransient(Integer code) {
		return code != null && TRANSIENT.contains(code);
	}

	/** Whether the code is a rate limit that asks for a 4^X s backoff. */
	static boolean isRateLimit(Integer code) {
		return code != null
				&& (code == THROUGHPUT || code == PAIR_RATE || code == 131048 || code == 80007 || code == 4);
	}

	/** What the sender can do about the error, null when nothing specific is known. */
	public static String hint(Integer code) {
		if (code == null) {
			return null;
		}
		String hint = HINTS.get(code);
		if (hint == null && code >= 132000 && code < 133000) {
			return "The template request is invalid: check the template name, language and parameters.";
		}
		return hint;
	}

}
