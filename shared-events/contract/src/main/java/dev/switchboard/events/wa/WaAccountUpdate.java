package dev.switchboard.events.wa;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An account-level webhook change: a phone number quality or limit update, an account
 * update or alert, or the system, app or account errors of a {@code messages} change
 * ({@code value.errors}).
 *
 * @param wabaId WhatsApp Business Account id ({@code entry.id})
 * @param phoneNumberId business phone number id when the change names one
 * ({@code metadata.phone_number_id}), may be null
 * @param displayPhoneNumber business display number when the change names one, may be
 * null
 * @param field the change's {@code field}, e.g. {@code phone_number_quality_update}; for
 * {@code value.errors} it is {@code messages}
 * @param event {@code value.event} when present (e.g. FLAGGED, THROUGHPUT_UPGRADE), may
 * be null
 * @param time when Meta reported the change ({@code entry.time}), may be null
 * @param errors {@code value.errors}, may be null
 * @param value the change's {@code value} verbatim
 */
public record WaAccountUpdate(String wabaId, String phoneNumberId, String displayPhoneNumber, String field,
		String event, Instant time, List<WaError> errors, Map<String, Object> value) {

	public WaAccountUpdate {
		errors = (errors != null) ? List.copyOf(errors) : null;
		value = WaMaps.copy(value);
	}

}
