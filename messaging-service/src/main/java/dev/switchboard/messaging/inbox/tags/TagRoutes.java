package dev.switchboard.messaging.inbox.tags;

import dev.switchboard.http.security.ApiAuthorization;
import dev.switchboard.http.security.Scopes;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.ServerHttpSecurity.AuthorizeExchangeSpec;
import org.springframework.stereotype.Component;

/**
 * Reading the tag catalogue needs {@code conversations:read}; changing it
 * {@code conversations:write} (and, for an agent's key, the role the controller checks).
 */
@Component
class TagRoutes implements ApiAuthorization {

	@Override
	public void authorize(AuthorizeExchangeSpec exchanges) {
		exchanges.pathMatchers(HttpMethod.GET, "/api/v1/tags", "/api/v1/tags/**")
			.access(Scopes.required("conversations:read"))
			.pathMatchers(HttpMethod.POST, "/api/v1/tags")
			.access(Scopes.required("conversations:write"))
			.pathMatchers(HttpMethod.PATCH, "/api/v1/tags/**")
			.access(Scopes.required("conversations:write"))
			.pathMatchers(HttpMethod.DELETE, "/api/v1/tags/**")
			.access(Scopes.required("conversations:write"));
	}

}
