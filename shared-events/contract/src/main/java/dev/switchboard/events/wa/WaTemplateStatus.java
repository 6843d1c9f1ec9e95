package dev.switchboard.events.wa;

import java.time.Instant;

/**
 * A {@code message_template_status_update} webhook change: Meta approved, rejected,
 * paused or otherwise changed a message template.
 *
 * @param wabaId WhatsApp Business Account id ({@code entry.id})
 * @param templateId Meta's template id ({@code message_template_id}, an integer in
 * webhooks)
 * @param name template name
 * @param language template language as sent ({@code en_US} or {@code en-US})
 * @param event APPROVED, REJECTED, PAUSED, DISABLED, …; unknown future values kept as-is
 * @param reason rejection reason, {@code NONE}, or null when scheduled for deletion
 * @param category template category, absent on older payloads
 * @param time when Meta reported the change ({@code entry.time})
 */
public record WaTemplateStatus(String wabaId, long templateId, String name, String language, String event,
		String reason, String category, Instant time) {

}
