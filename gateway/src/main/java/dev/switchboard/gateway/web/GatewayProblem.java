package dev.switchboard.gateway.web;

import org.springframework.http.HttpStatus;

/**
 * A failure the gateway answers itself, rendered as {@code application/problem+json} by
 * {@link ProblemErrorHandler}. Carries no stack trace: it is an answer, not a bug.
 */
public final class GatewayProblem extends RuntimeException {

	private final HttpStatus status;

	private final String code;

	private final String wwwAuthenticate;

	private GatewayProblem(HttpStatus status, String code, String detail, String wwwAuthenticate) {
		super(detail, null, false, false);
		this.status = status;
		this.code = code;
		this.wwwAuthenticate = wwwAuthenticate;
	}

	/**
	 * A problem without authentication challenge.
	 * @param status the HTTP status
	 * @param code the stable error code
	 * @param detail what went wrong, for the caller (no secrets)
	 * @return the problem
	 */
	public static GatewayProblem of(HttpStatus status, String code, String detail) {
		return new GatewayProblem(status, code, detail, null);
	}

	/**
	 * A problem that asks the caller to authenticate.
	 * @param status the HTTP status (401 or 403)
	 * @param code the stable error code
	 * @param detail what went wrong, for the caller (no secrets)
	 * @param wwwAuthenticate the {@code WWW-Authenticate} challenge
	 * @return the problem
	 */
	public static GatewayProblem challenge(HttpStatus status, String code, String detail, String wwwAuthenticate) {
		return new GatewayProblem(status, code, detail, wwwAuthenticate);
	}

	HttpStatus status() {
		return this.status;
	}

	String code() {
		return this.code;
	}

	String wwwAuthenticate() {
		return this.wwwAuthenticate;
	}

}
