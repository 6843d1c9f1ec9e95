package dev.switchboard.events.wa;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One accepted WhatsApp webhook POST exactly as received, archived before anything is
 * derived from it, so every normalised event can be re-derived (re-driven) from it.
 *
 * @param receivedAt when the ingest received the POST
 * @param headers the headers that matter for re-verification and audit
 * ({@code X-Hub-Signature-256}, {@code Content-Type}, {@code User-Agent}), names
 * lower-cased
 * @param phoneNumberIds the distinct {@code metadata.phone_number_id}s it carries, may be
 * empty
 * @param body the body as received (UTF-8 text; Meta escapes non-ASCII, so the signed
 * bytes are these bytes)
 */
public record WaRawWebhook(Instant receivedAt, Map<String, String> headers, List<String> phoneNumberIds, String body) {

	public WaRawWebhook {
		headers = (headers != null) ? Map.copyOf(headers) : Map.of();
		phoneNumberIds = (phoneNumberIds != null) ? List.copyOf(phoneNumberIds) : List.of();
	}

}
