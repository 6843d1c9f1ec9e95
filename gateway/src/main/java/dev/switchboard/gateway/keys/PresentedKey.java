package dev.switchboard.gateway.keys;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;

import dev.switchboard.gateway.web.GatewayProblem;

/**
 * Where a caller puts its API key: {@code Authorization: Bearer sb_…} or, for systems
 * that cannot set Authorization (the original order system), {@code X-API-Key: sb_…}.
 */
final class PresentedKey {

	static final String API_KEY_HEADER = "X-API-Key";

	static final String CHALLENGE = "Bearer realm=\"switchboard\"";

	private static final String BEARER = "bearer ";

	private PresentedKey() {
	}

	/**
	 * Reads the key a request presents.
	 * @param request the request
	 * @return the parsed key
	 * @throws GatewayProblem 401 when there is no key or it is malformed
	 */
	static ApiKeyCredentials from(ServerHttpRequest request) {
		HttpHeaders headers = request.getHeaders();
		String presented = headers.getFirst(API_KEY_HEADER);
		if (presented == null) {
			String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
			if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
				throw GatewayProblem.challenge(HttpStatus.UNAUTHORIZED, "UNAUTHORIZED",
						"An API key is required: send it as 'Authorization: Bearer sb_<prefix>.<secret>'", CHALLENGE);
			}
			presented = authorization.substring(BEARER.length());
		}
		return ApiKeyCredentials.parse(presented.strip()).orElseThrow(PresentedKey::invalid);
	}

	static GatewayProblem invalid() {
		return GatewayProblem.challenge(HttpStatus.UNAUTHORIZED, "INVALID_API_KEY",
				"The API key is malformed, unknown, revoked or expired", CHALLENGE);
	}

	static GatewayProblem insufficientScope(String scopes, String detail) {
		return GatewayProblem.challenge(HttpStatus.FORBIDDEN, "INSUFFICIENT_SCOPE", detail,
				CHALLENGE + ", error=\"insufficient_scope\", scope=\"" + scopes + "\"");
	}

}
