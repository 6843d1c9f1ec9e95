package dev.switchboard.workflows.definitions;

import java.time.Duration;
import java.util.Map;

/**
 * One step of a definition: its id, type, next step, retry policy and the settings of its
 * type (as in the document).
 *
 * @param settings the step's object in the document
 */
public record StepSpec(Map<String, Object> settings) {

	/** Attempts of a step without a retry policy. */
	static final int DEFAULT_ATTEMPTS = 3;

	/**
	 * Delay before a step's second attempt without a retry policy, doubled per attempt.
	 */
	static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(10);

	public String id() {
		return (String) this.settings.get("id");
	}

	public String type() {
		return (String) this.settings.get("type");
	}

	/** The step named to follow this one, null for the next in the document. */
	public String next() {
		return (String) this.settings.get("next");
	}

	public String text(String name) {
		Object value = this.settings.get(name);
		return (value != null) ? value.toString() : null;
	}

	public Object value(String name) {
		return this.settings.get(name);
	}

	/** How many attempts the step gets in all before the run fails. */
	public int maxAttempts() {
		Object value = retry().get("maxAttempts");
		return (value instanceof Number number) ? number.intValue() : DEFAULT_ATTEMPTS;
	}

	/**
	 * Delay before the attempt after failed attempt {@code failed} (1 for the first): the
	 * backoff doubled per attempt, at most a day.
	 */
	public Duration backoff(int failed) {
		Object value = retry().get("backoff");
		Duration base = (value != null) ? Duration.parse(value.toString()) : DEFAULT_BACKOFF;
		Duration delay = base.multipliedBy(1L << Math.min(Math.max(failed - 1, 0), 16));
		return (delay.compareTo(Duration.ofDays(1)) > 0) ? Duration.ofDays(1) : delay;
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> retry() {
		Object retry = this.settings.get("retry");
		return (retry instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
	}

}
