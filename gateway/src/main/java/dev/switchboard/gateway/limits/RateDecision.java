package dev.switchboard.gateway.limits;

/**
 * The outcome of a rate limit check, described by the tightest window.
 *
 * @param allowed whether the request may proceed (and was counted)
 * @param limit the tightest window's limit
 * @param remaining requests left in the tightest window
 * @param resetSeconds seconds until the tightest window starts over
 * @param retryAfterSeconds when refused, seconds until every refusing window has room
 * again
 * @param source {@code redis}, {@code local} (fallback) or {@code off}
 */
public record RateDecision(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds,
		String source) {

	static final RateDecision UNLIMITED = new RateDecision(true, -1, -1, 0, 0, "off");

	/** Whether there is anything to tell the caller (limits apply). */
	public boolean limited() {
		return this.limit >= 0;
	}

	static long ceilSeconds(long millis) {
		return Math.max(1, (millis + 999) / 1000);
	}

}
