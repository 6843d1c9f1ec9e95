package dev.switchboard.gateway.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * The {@code limit} of a cursor-paginated admin list: 50 by default, at most 200.
 */
public final class AdminPaging {

	static final int DEFAULT_LIMIT = 50;

	static final int MAX_LIMIT = 200;

	private AdminPaging() {
	}

	/**
	 * Reads and caps the limit.
	 * @param request the request
	 * @return the page size
	 */
	public static int limit(ServerRequest request) {
		String value = request.queryParam("limit").orElse(null);
		if (value == null) {
			return DEFAULT_LIMIT;
		}
		try {
			int limit = Integer.parseInt(value);
			if (limit < 1) {
				throw new NumberFormatException();
			}
			return Math.min(limit, MAX_LIMIT);
		}
		catch (NumberFormatException ex) {
			throw GatewayProblem.of(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "limit: a positive integer");
		}
	}

}
