package dev.switchboard.events.wa;

import java.time.Instant;

/**
 * A webhook change for a phone number no tenant owns (yet): accepted, parked, and
 * re-driven once the channel exists.
 *
 * @param rawEventId id of the {@link WaRawWebhook} it came in, for re-drive
 * @param phoneNumberId {@code value.metadata.phone_number_id}, may be null
 * @param wabaId WhatsApp Business Account id ({@code entry.id}), may be null
 * @param field the change's {@code field}
 * @param time when Meta reported the change ({@code entry.time}), may be null
 * @param receivedAt when the ingest received it
 * @param value the change's {@code value} as JSON text
 * @param signer fingerprint of the app secret whose signature the webhook carried (hex of
 * the first 16 bytes of HMAC-SHA256 keyed with the secret over {@value #SIGNER_LABEL}); a
 * re-drive routes the change only to a channel holding that secret. Null in changes
 * parked before it was recorded
 */
public record WaUnroutedChange(String rawEventId, String phoneNumberId, String wabaId, String field, Instant time,
		Instant receivedAt, String value, String signer) {

	/** What the fingerprint of a signing secret is computed over. */
	public static final String SIGNER_LABEL = "switchboard.wa.signer.v1";

	/** A change without a recorded signer. */
	public WaUnroutedChange(String rawEventId, String phoneNumberId, String wabaId, String field, Instant time,
			Instant receivedAt, String value) {
		this(rawEventId, phoneNumberId, wabaId, field, time, receivedAt, value, null);
	}

}
