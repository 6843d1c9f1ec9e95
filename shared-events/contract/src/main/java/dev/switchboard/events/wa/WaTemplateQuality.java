package dev.switchboard.events.wa;

import java.time.Instant;

/**
 * A {@code message_template_quality_update} webhook change: Meta re-rated a message
 * template.
 *
 * @param wabaId WhatsApp Business Account id ({@code entry.id})
 * @param templateId Meta's template id ({@code message_template_id})
 * @param name template name
 * @param language template language as sent ({@code en_US} or {@code en-US})
 * @param previousScore GREEN, YELLOW, RED or UNKNOWN, may be null
 * @param newScore GREEN, YELLOW, RED or UNKNOWN; unknown future values kept as-is
 * @param time when Meta reported the change ({@code entry.time}), may be null
 */
public record WaTemplateQuality(String wabaId, long templateId, String name, String language, String previousScore,
		String newScore, Instant time) {

}
