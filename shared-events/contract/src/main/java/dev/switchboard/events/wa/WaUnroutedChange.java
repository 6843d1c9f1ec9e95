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
 */
public record WaUnroutedChange(String rawEventId, String phoneNumberId, String wabaId, String field, Instant time,
		Instant receivedAt, String value) {

}
