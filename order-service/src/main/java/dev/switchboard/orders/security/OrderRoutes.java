package dev.switchboard.orders.security;

import dev.switchboard.http.security.ApiAuthorization;
import dev.switchboard.http.security.Scopes;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.ServerHttpSecurity.AuthorizeExchangeSpec;
import org.springframework.stereotype.Component;

/**
 * Reading orders needs the {@code orders:read} scope, operations (retries, resends,
 * batches) {@code orders:write}; the shared web layer requires the gateway's token for
 * everything else and leaves health and metrics open.
 */
@Component
class OrderRoutes implements ApiAuthorization {

	@Override
	public void authorize(AuthorizeExchangeSpec exchanges) {
		exchanges.pathMatchers(HttpMethod.POST, "/api/v1/orders/**")
			.access(Scopes.required("orders:write"))
			.pathMatchers(HttpMethod.GET, "/api/v1/orders/**")
			.access(Scopes.required("orders:read"));
	}

}
