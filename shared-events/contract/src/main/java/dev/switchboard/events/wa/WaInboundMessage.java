package dev.switchboard.events.wa;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code messages[]} of a WhatsApp Cloud API webhook: a message a customer
 * sent to a business number. The type-specific object is kept verbatim so that every
 * type, including future ones, reaches consumers unchanged.
 *
 * @param phoneNumberId business phone number id ({@code metadata.phone_number_id})
 * @param wabaId WhatsApp Business Account id ({@code entry.id})
 * @param displayPhoneNumber business display number
 * ({@code metadata.display_phone_number})
 * @param messageId the message's wamid ({@code messages[].id})
 * @param from sender phone number; absent for BSUID-only senders
 * @param fromUserId sender business-scoped user id (BSUID), may be null
 * @param profileName sender profile name from {@code contacts[]}, may be null
 * @param timestamp when the customer sent it
 * @param type text, image, video, audio, document, sticker, location, contacts,
 * interactive, button, reaction, order, system, unsupported; unknown future values kept
 * as-is
 * @param context reply, forward or product-inquiry context, may be null
 * @param referral click-to-WhatsApp ad referral verbatim, may be null
 * @param content the object named after the type, verbatim (e.g. {@code {"body":"hi"}}
 * for text); a non-object value (the {@code contacts} array) is wrapped under the type
 * name; may be null when the message carries none
 * @param text readable text when there is one: text body, media caption, button text or
 * interactive reply title; may be null
 * @param errors errors Meta attached (unsupported messages), may be null
 * @param otherFields further top-level message fields verbatim (e.g. {@code identity} of
 * a system message), may be null
 */
public record WaInboundMessage(String phoneNumberId, String wabaId, String displayPhoneNumber, String messageId,
		String from, String fromUserId, String profileName, Instant timestamp, String type, WaMessageContext context,
		Map<String, Object> referral, Map<String, Object> content, String text, List<WaError> errors,
		Map<String, Object> otherFields) {

	public WaInboundMessage {
		referral = WaMaps.copy(referral);
		content = WaMaps.copy(content);
		errors = (errors != null) ? List.copyOf(errors) : null;
		otherFields = WaMaps.copy(otherFields);
	}

}
