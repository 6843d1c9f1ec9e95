package dev.switchboard.messaging.security;

import dev.switchboard.http.security.ApiAuthorization;
import dev.switchboard.http.security.Scopes;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.ServerHttpSecurity.AuthorizeExchangeSpec;
import org.springframework.stereotype.Component;

/**
 * Sending needs the {@code messages:send} scope, reading {@code messages:read}; the
 * shared web layer requires the gateway's token for everything else and leaves health and
 * metrics open.
 */
@Component
class MessagingRoutes implements ApiAuthorization {

	@Override
	public void authorize(AuthorizeExchangeSpec exchanges) {
		exchanges.pathMatchers(HttpMethod.POST, "/api/v1/messages", "/api/v1/messages/batch")
			.access(Scopes.required("messages:send"))
			.pathMatchers(HttpMethod.GET, "/api/v1/messages/**")
			.access(Scopes.required("messages:read"));
	}

}
