package dev.switchboard.messaging.inbox.agents;

import dev.switchboard.http.security.ApiAuthorization;
import dev.switchboard.http.security.Scopes;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.ServerHttpSecurity.AuthorizeExchangeSpec;
import org.springframework.stereotype.Component;

/**
 * Reading agents and queues needs {@code conversations:read}; changing them
 * {@code conversations:write} (and, for an agent's key, the role the controllers check).
 */
@Component
class AgentRoutes implements ApiAuthorization {

	@Override
	public void authorize(AuthorizeExchangeSpec exchanges) {
		exchanges
			.pathMatchers(HttpMethod.GET, "/api/v1/agents", "/api/v1/agents/**", "/api/v1/queues", "/api/v1/queues/**")
			.access(Scopes.required("conversations:read"))
			.pathMatchers(HttpMethod.POST, "/api/v1/agents", "/api/v1/queues")
			.access(Scopes.required("conversations:write"))
			.pathMatchers(HttpMethod.PATCH, "/api/v1/agents/**", "/api/v1/queues/**")
			.access(Scopes.required("conversations:write"));
	}

}
