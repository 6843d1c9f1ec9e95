package dev.switchboard.http.security;

import org.springframework.security.config.web.server.ServerHttpSecurity.AuthorizeExchangeSpec;

/**
 * A service's own routes and the scopes they need, declared as a bean. The shared
 * security chain opens health and metrics before them and requires a valid token for
 * every other request after them, so a service must not call {@code anyExchange()}.
 * Several beans apply in their {@code @Order}.
 */
@FunctionalInterface
public interface ApiAuthorization {

	void authorize(AuthorizeExchangeSpec exchanges);

}
