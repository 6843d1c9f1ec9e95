package dev.switchboard.templates.graph;

import java.util.Set;

/** A Graph API call that failed: Meta's error code (0 when none) and HTTP status. */
public class GraphException extends RuntimeException {

	/** Codes of rate limits worth waiting for: app, WABA (80007, 80008), throughput. */
	static final Set<Integer> RATE_LIMITS = Set.of(4, 80007, 80008, 130429);

	private final int code;

	private final int httpStatus;

	GraphException(int code, int httpStatus, String message) {
		super(message, null, false, false);
		this.code = code;
		this.httpStatus = httpStatus;
	}

	public int code() {
		return this.code;
	}

	public int httpStatus() {
		return this.httpStatus;
	}

	/** A rate limit or a server-side failure: the same call may succeed later. */
	public boolean transientFailure() {
		return RATE_LIMITS.contains(this.code) || this.httpStatus == 429 || this.httpStatus >= 500;
	}

}
