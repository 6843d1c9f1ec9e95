package dev.switchboard.events.wa;

import java.time.Instant;
import java.util.List;

/**
 * One entry of {@code statuses[]} of a WhatsApp Cloud API webhook, with the metadata of
 * the number it belongs to.
 *
 * @param phoneNumberId business phone number id ({@code metadata.phone_number_id})
 * @param wabaId WhatsApp Business Account id ({@code entry.id})
 * @param displayPhoneNumber business display number
 * ({@code metadata.display_phone_number})
 * @param wamid message id the send API returned ({@code statuses[].id})
 * @param status sent, delivered, read, failed, played; unknown future values kept as-is
 * @param timestamp when Meta recorded the status
 * @param recipientId customer wa_id or group id; absent for BSUID-only recipients
 * @param recipientUserId customer business-scoped user id (BSUID), may be null
 * @param bizOpaqueCallbackData value set at send time, may be null
 * @param conversation conversation info, only on some statuses
 * @param pricing pricing info, only on some statuses
 * @param errors errors of a failed status, may be null or empty
 */
public record WaStatus(String phoneNumberId, String wabaId, String displayPhoneNumber, String wamid, String status,
		Instant timestamp, String recipientId, String recipientUserId, String bizOpaqueCallbackData,
		WaConversation conversation, WaPricing pricing, List<WaError> errors) {

	public WaStatus {
		errors = (errors != null) ? List.copyOf(errors) : null;
	}

}
