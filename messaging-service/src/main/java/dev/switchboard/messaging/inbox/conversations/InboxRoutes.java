package dev.switchboard.messaging.inbox.conversations;

import dev.switchboard.http.security.ApiAuthorization;
import dev.switchboard.http.security.Scopes;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.ServerHttpSecurity.AuthorizeExchangeSpec;
import org.springframework.stereotype.Component;

/**
 * Reading conversations and contacts needs {@code conversations:read}; acting on
 * conversations (replies, notes, resolve, reopen, read, assign, priority and tags, a tag
 * added or removed) {@code conversations:write}.
 */
@Component
class InboxRoutes implements ApiAuthorization {

	@Override
	public void authorize(AuthorizeExchangeSpec exchanges) {
		exchanges
			.pathMatchers(HttpMethod.GET, "/api/v1/conversations", "/api/v1/conversations/**", "/api/v1/contacts",
					"/api/v1/contacts/**")
			.access(Scopes.required("conversations:read"))
			.pathMatchers(HttpMethod.POST, "/api/v1/conversations/**")
			.access(Scopes.required("conversations:write"))
			.pathMatchers(HttpMethod.PATCH, "/api/v1/conversations/**")
			.access(Scopes.required("conversations:write"))
			.pathMatchers(HttpMethod.DELETE, "/api/v1/conversations/**")
			.access(Scopes.required("conversations:write"));
	}

}
