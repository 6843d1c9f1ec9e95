package dev.switchboard.templates.query;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.switchboard.templates.template.Template;

/**
 * A template as the API shows it.
 *
 * @param wabaId WhatsApp Business Account id
 * @param templateId Meta's template id
 * @param name template name
 * @param language language code
 * @param status APPROVED, PAUSED, REJECTED, …, DELETED once gone from Meta
 * @param category MARKETING, UTILITY or AUTHENTICATION
 * @param quality GREEN, YELLOW, RED or UNKNOWN
 * @param parameterFormat POSITIONAL or NAMED
 * @param reason rejection reason
 * @param components Meta's components
 * @param stateAt when this state was true
 * @param deleted whether it is gone from Meta
 */
record TemplateView(String wabaId, String templateId, String name, String language, String status, String category,
		String quality, String parameterFormat, String reason, List<Map<String, Object>> components, Instant stateAt,
		boolean deleted) {

	static TemplateView of(Template template) {
		return new TemplateView(template.wabaId(), template.templateId(), template.name(), template.language(),
				template.status(), template.category(), template.quality(), template.parameterFormat(),
				template.reason(), template.components(), template.stateAt(), template.deleted());
	}

}
