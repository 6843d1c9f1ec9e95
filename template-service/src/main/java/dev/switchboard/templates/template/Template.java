package dev.switchboard.templates.template;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One message template of a tenant's WABA in one language, as Meta last reported it.
 *
 * @param tenantId owning tenant
 * @param wabaId WhatsApp Business Account id
 * @param templateId Meta's template id
 * @param name template name
 * @param language language code as Meta names it ({@code en_US}, {@code he})
 * @param status APPROVED, PAUSED, REJECTED, …, DELETED once gone
 * @param category MARKETING, UTILITY, AUTHENTICATION, may be null
 * @param quality GREEN, YELLOW, RED, UNKNOWN, may be null
 * @param parameterFormat POSITIONAL or NAMED
 * @param reason rejection reason, may be null
 * @param components Meta's components (header, body, footer, buttons)
 * @param stateAt when this state was true
 * @param deleted whether the template is gone from Meta
 */
public record Template(String tenantId, String wabaId, String templateId, String name, String language, String status,
		String category, String quality, String parameterFormat, String reason, List<Map<String, Object>> components,
		Instant stateAt, boolean deleted) {

	/** Status of a template that disappeared from Meta. */
	public static final String DELETED = "DELETED";

	public Template {
		components = (components != null) ? List.copyOf(components) : List.of();
		parameterFormat = (parameterFormat != null) ? parameterFormat : "POSITIONAL";
	}

	/**
	 * What changed from the previous state, the most telling change when several did;
	 * empty when nothing that matters changed.
	 */
	public Optional<TemplateChange> changeFrom(Template previous) {
		if (previous == null || (previous.deleted && !this.deleted)) {
			return Optional.of(TemplateChange.CREATED);
		}
		if (this.deleted && !previous.deleted) {
			return Optional.of(TemplateChange.DELETED);
		}
		if (!Objects.equals(this.status, previous.status)) {
			return Optional.of(TemplateChange.STATUS_CHANGED);
		}
		if (!Objects.equals(this.category, previous.category)) {
			return Optional.of(TemplateChange.CATEGORY_CHANGED);
		}
		if (!Objects.equals(this.quality, previous.quality)) {
			return Optional.of(TemplateChange.QUALITY_CHANGED);
		}
		if (!Objects.equals(this.components, previous.components)
				|| !Objects.equals(this.parameterFormat, previous.parameterFormat)) {
			return Optional.of(TemplateChange.CONTENT_CHANGED);
		}
		return Optional.empty();
	}

	/** The same template, gone from Meta as of {@code at}. */
	public Template asDeleted(Instant at) {
		return new Template(this.tenantId, this.wabaId, this.templateId, this.name, this.language, DELETED,
				this.category, this.quality, this.parameterFormat, this.reason, this.components, at, true);
	}

	/** Name and language within the WABA. */
	public String key() {
		return key(this.name, this.language);
	}

	public static String key(String name, String language) {
		return name + "\u0000" + language;
	}

}
