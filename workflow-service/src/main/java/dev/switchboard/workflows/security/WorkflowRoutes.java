package dev.switchboard.workflows.security;

import dev.switchboard.http.security.ApiAuthorization;
import dev.switchboard.http.security.Scopes;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.ServerHttpSecurity.AuthorizeExchangeSpec;
import org.springframework.stereotype.Component;

/**
 * Reading workflows and runs needs {@code workflows:read}; creating, changing, enabling,
 * starting and cancelling {@code workflows:write}. The shared web layer requires the
 * gateway's token for everything else and leaves health and metrics open.
 */
@Component
class WorkflowRoutes implements ApiAuthorization {

	@Override
	public void authorize(AuthorizeExchangeSpec exchanges) {
		exchanges.pathMatchers(HttpMethod.GET, "/api/v1/workflows/**", "/api/v1/runs/**")
			.access(Scopes.required("workflows:read"))
			.pathMatchers(HttpMethod.POST, "/api/v1/workflows/**", "/api/v1/runs/**")
			.access(Scopes.required("workflows:write"))
			.pathMatchers(HttpMethod.PUT, "/api/v1/workflows/**")
			.access(Scopes.required("workflows:write"));
	}

}
