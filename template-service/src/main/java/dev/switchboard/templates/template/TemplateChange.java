package dev.switchboard.templates.template;

/** What a {@code TemplateChanged} event reports. */
public enum TemplateChange {

	/** First seen (or seen again after it was deleted). */
	CREATED,

	/** Its status moved (approved, paused, rejected, …). */
	STATUS_CHANGED,

	/** Meta re-rated its quality. */
	QUALITY_CHANGED,

	/** Meta re-categorised it. */
	CATEGORY_CHANGED,

	/** Its components or parameter format changed. */
	CONTENT_CHANGED,

	/** It disappeared from Meta, or Meta reported it deleted. */
	DELETED

}
