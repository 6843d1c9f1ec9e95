package dev.switchboard.ingest.web;

import java.time.Duration;

import org.springframework.http.HttpStatus;

/**
 * A failure answered as an RFC 9457 problem with a stable {@code code}.
 */
public class ProblemException extends RuntimeException {

	private final HttpStatus status;

	private final String code;

	private final Duration retryAfter;

	public ProblemException(HttpStatus status, String code, String detail) {
		this(status, code, detail, null, null);
	}

	public ProblemException(HttpStatus status, String code, String detail, Duration retryAfter, Throwable cause) {
		super(detail, cause, false, false);
		this.status = status;
		this.code = code;
		this.retryAfter = retryAfter;
	}

	public HttpStatus status() {
		return this.status;
	}

	public String code() {
		return this.code;
	}

	/** When the client should retry, or null. */
	public Duration retryAfter() {
		return this.retryAfter;
	}

}
