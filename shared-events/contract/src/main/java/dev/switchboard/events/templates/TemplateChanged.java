package dev.switchboard.events.templates;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A tenant's message template changed: first seen, its status, quality or category
 * changed, its content changed, or it disappeared from Meta. Each event carries the
 * template's full state after the change, so a consumer keeps a projection by upserting
 * the latest state and replaying {@code templates.events.v1} rebuilds it.
 * <p>
 * Order: events are keyed by tenant, WABA, name and language, so the variants of one
 * template arrive in order; {@code stateAt} still decides, because a status webhook and a
 * sync can report the same template in either order: a consumer ignores an event whose
 * {@code stateAt} is older than the state it holds.
 *
 * @param wabaId WhatsApp Business Account id
 * @param templateId Meta's template id
 * @param name template name (lower case, digits and underscores)
 * @param language language code as Meta names it, e.g. {@code en_US}, {@code he}
 * @param change what changed: {@code CREATED}, {@code STATUS_CHANGED},
 * {@code QUALITY_CHANGED}, {@code CATEGORY_CHANGED}, {@code CONTENT_CHANGED} or
 * {@code DELETED}; unknown future values kept as-is
 * @param status status after the change: {@code APPROVED}, {@code PENDING},
 * {@code REJECTED}, {@code PAUSED}, {@code DISABLED}, {@code IN_APPEAL},
 * {@code PENDING_DELETION}, {@code DELETED}, …
 * @param previousStatus status before the change, null for the first event
 * @param category {@code MARKETING}, {@code UTILITY} or {@code AUTHENTICATION}, may be
 * null
 * @param quality quality score {@code GREEN}, {@code YELLOW}, {@code RED} or
 * {@code UNKNOWN}, may be null
 * @param parameterFormat {@code POSITIONAL} or {@code NAMED}
 * @param reason rejection or pausing reason, may be null
 * @param components the template's components as Meta returns them (header, body, footer,
 * buttons), empty when unknown
 * @param stateAt when the state this event carries was true (Meta's webhook time, or when
 * the sync read it)
 */
public record TemplateChanged(String wabaId, String templateId, String name, String language, String change,
		String status, String previousStatus, String category, String quality, String parameterFormat, String reason,
		List<Map<String, Object>> components, Instant stateAt) {

	public TemplateChanged {
		components = (components != null) ? List.copyOf(components) : List.of();
	}

}
