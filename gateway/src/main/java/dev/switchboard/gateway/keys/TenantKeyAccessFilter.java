package dev.switchboard.gateway.keys;

import java.util.List;

import dev.switchboard.gateway.limits.RateLimitHeaders;
import dev.switchboard.gateway.limits.RateLimiter;
import dev.switchboard.gateway.web.AccessLogFilter;
import dev.switchboard.gateway.web.GatewayProblem;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Guards {@code /api/v1/keys}, the gateway's own API through which a tenant manages its
 * keys: a tenant key with the scope {@code keys:write} (operator keys use
 * {@code /admin}), counted against the key's and the tenant's rate limits like any call.
 * The key is left in the exchange for {@link TenantKeyRoutes}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 11)
class TenantKeyAccessFilter implements WebFilter {

	static final String KEY_ATTRIBUTE = TenantKeyAccessFilter.class.getName() + ".key";

	private static final PathPattern KEYS = PathPatternParser.defaultInstance.parse("/api/v1/keys/**");

	private final ApiKeyAuthenticator authenticator;

	private final RateLimiter limiter;

	TenantKeyAccessFilter(ApiKeyAuthenticator authenticator, RateLimiter limiter) {
		this.authenticator = authenticator;
		this.limiter = limiter;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
		if (!KEYS.matches(path)) {
			return chain.filter(exchange);
		}
		return this.authenticator.authenticate(exchange)
			.switchIfEmpty(Mono.error(PresentedKey::invalid))
			.onErrorMap((failure) -> !(failure instanceof GatewayProblem),
					(failure) -> GatewayProblem.of(HttpStatus.SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE",
							"API keys cannot be checked right now"))
			.flatMap((key) -> {
				AccessLogFilter.identify(exchange, key.tenantId(), key.keyId().toString());
				if (key.operator()) {
					return Mono.error(PresentedKey.insufficientScope(Scopes.KEYS_WRITE,
							"Operator keys manage a tenant's keys under /admin/v1/tenants/{tenantId}/keys"));
				}
				if (!key.missing(List.of(Scopes.KEYS_WRITE)).isEmpty()) {
					return Mono.error(PresentedKey.insufficientScope(Scopes.KEYS_WRITE,
							"The API key lacks the scope keys:write required by this operation"));
				}
				return this.limiter.check(key.tenantId(), key.keyId().toString(), key.plan(), key.rateLimits())
					.flatMap((decision) -> {
						RateLimitHeaders.write(exchange.getResponse().getHeaders(), decision);
						if (!decision.allowed()) {
							return Mono.error(RateLimitHeaders.refused(decision));
						}
						exchange.getAttributes().put(KEY_ATTRIBUTE, key);
						return chain.filter(exchange);
					});
			});
	}

}
