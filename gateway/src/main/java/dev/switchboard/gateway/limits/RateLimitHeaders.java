package dev.switchboard.gateway.limits;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import dev.switchboard.gateway.web.GatewayProblem;

/**
 * The rate limit headers of the IETF draft (RateLimit-Limit, RateLimit-Remaining,
 * RateLimit-Reset) describing the tightest window, and the 429 answer.
 */
public final class RateLimitHeaders {

	public static final String LIMIT = "RateLimit-Limit";

	public static final String REMAINING = "RateLimit-Remaining";

	public static final String RESET = "RateLimit-Reset";

	private RateLimitHeaders() {
	}

	/**
	 * Writes the headers of a decision (and {@code Retry-After} when refused).
	 * @param headers the response headers
	 * @param decision the decision
	 */
	public static void write(HttpHeaders headers, RateDecision decision) {
		if (!decision.limited()) {
			return;
		}
		headers.set(LIMIT, Long.toString(decision.limit()));
		headers.set(REMAINING, Long.toString(decision.remaining()));
		headers.set(RESET, Long.toString(decision.resetSeconds()));
		if (!decision.allowed()) {
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
		}
	}

	/**
	 * The 429 problem of a refused request.
	 * @param decision the refusing decision
	 * @return the problem
	 */
	public static GatewayProblem refused(RateDecision decision) {
		return GatewayProblem.of(HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMITED",
				"Rate limit exceeded, retry in " + decision.retryAfterSeconds() + " s");
	}

}
