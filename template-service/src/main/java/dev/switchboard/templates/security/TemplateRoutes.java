package dev.switchboard.templates.security;

import dev.switchboard.http.security.ApiAuthorization;
import dev.switchboard.http.security.Scopes;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.ServerHttpSecurity.AuthorizeExchangeSpec;
import org.springframework.stereotype.Component;

/**
 * Reading templates and sync jobs needs {@code templates:read}; syncing, creating,
 * rendering and deleting {@code templates:write}. The shared web layer requires the
 * gateway's token for everything else and leaves health and metrics open.
 */
@Component
class TemplateRoutes implements ApiAuthorization {

	@Override
	public void authorize(AuthorizeExchangeSpec exchanges) {
		exchanges.pathMatchers(HttpMethod.GET, "/api/v1/templates", "/api/v1/templates/**")
			.access(Scopes.required("templates:read"))
			.pathMatchers(HttpMethod.POST, "/api/v1/templates", "/api/v1/templates/**")
			.access(Scopes.required("templates:write"))
			.pathMatchers(HttpMethod.DELETE, "/api/v1/templates/**")
			.access(Scopes.required("templates:write"));
	}

}
