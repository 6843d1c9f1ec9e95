package dev.switchboard.events.wa;

import java.time.Instant;

/**
 * A {@code template_category_update} webhook change: Meta re-categorised a message
 * template, or announced that it will.
 *
 * @param wabaId WhatsApp Business Account id ({@code entry.id})
 * @param templateId Meta's template id ({@code message_template_id})
 * @param name template name
 * @param language template language as sent ({@code en_US} or {@code en-US})
 * @param previousCategory the category before a completed change, may be null
 * @param newCategory the template's category now (for an announced change, still the
 * current one); unknown future values kept as-is
 * @param correctCategory the category an announced change will set, null once done
 * @param time when Meta reported the change ({@code entry.time}), may be null
 */
public record WaTemplateCategory(String wabaId, long templateId, String name, String language, String previousCategory,
		String newCategory, String correctCategory, Instant time) {

}
