package dev.switchboard.http.security;

import org.springframework.security.authorization.AuthorityReactiveAuthorizationManager;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.web.server.ServerWebExchange;

/**
 * Scope checks that remember which scope was missing, so that the 403 problem can name
 * it: {@code exchanges.pathMatchers(...).access(Scopes.required("messages:send"))}.
 */
public final class Scopes {

	private static final String MISSING = Scopes.class.getName() + ".missing";

	private Scopes() {
	}

	/** Granted when the token's {@code scope} claim holds the scope. */
	public static ReactiveAuthorizationManager<AuthorizationContext> required(String scope) {
		ReactiveAuthorizationManager<AuthorizationContext> authority = AuthorityReactiveAuthorizationManager
			.hasAuthority("SCOPE_" + scope);
		return (authentication, context) -> authority.authorize(authentication, context).doOnNext((result) -> {
			if (!result.isGranted()) {
				context.getExchange().getAttributes().put(MISSING, scope);
			}
		});
	}

	/**
	 * The scope a request was refused for, or null unless a {@link #required(String)}
	 * check refused it.
	 */
	static String missing(ServerWebExchange exchange) {
		return exchange.getAttribute(MISSING);
	}

}
