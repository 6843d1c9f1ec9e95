package dev.switchboard.events.wa;

import java.time.Instant;

/**
 * A webhook change of a {@code field} this platform does not model (yet), or one whose
 * known shape it did not recognise: forwarded raw so that nothing Meta sends is lost.
 *
 * @param wabaId WhatsApp Business Account id ({@code entry.id}), may be null
 * @param phoneNumberId {@code value.metadata.phone_number_id} when present, may be null
 * @param field the change's {@code field} as sent, may be null
 * @param time when Meta reported the change ({@code entry.time}), may be null
 * @param value the change's {@code value} as a JSON text
 */
public record WaUnknownChange(String wabaId, String phoneNumberId, String field, Instant time, String value) {

}
