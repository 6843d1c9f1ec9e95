package dev.switchboard.messaging.templates;

/**
 * Where a check's reads of the projection came from, the worst of them when it read more
 * than once (a fallback): the timer {@code switchboard.templates.check} is tagged with it
 * ({@code copy}).
 */
enum TemplateCopy {

	/** Validation off: nothing read. */
	NONE("none"),

	/** The in-memory copy, younger than half of {@code cache-ttl}. */
	FRESH("fresh"),

	/**
	 * The in-memory copy, older than half of {@code cache-ttl}: served as it is while a
	 * read on another thread replaces it.
	 */
	STALE_REFRESHING("stale-refreshing"),

	/**
	 * No copy: the projection was read (or a read under way awaited) on the send's path.
	 */
	MISS("miss");

	private final String tag;

	TemplateCopy(String tag) {
		this.tag = tag;
	}

	String tag() {
		return this.tag;
	}

	TemplateCopy worse(TemplateCopy other) {
		return (other.ordinal() > ordinal()) ? other : this;
	}

}
